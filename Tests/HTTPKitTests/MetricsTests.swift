import Testing
@testable import HTTPKit

/// The Prometheus text writer and the metrics registry, without a server.
@Suite struct MetricsTests {
    @Test func writer_EscapesLabelValuesAndHelp_AndFormatsNumbers() {
        var writer = PrometheusTextWriter()
        writer.family("x_total", help: "a \\ b\nc", type: .counter)
        writer.sample("x_total", labels: [("path", "a\"b\\c\nd")], value: UInt64(3))
        writer.sample("y", value: 0.25)
        writer.sample("y", value: 2.0)
        writer.sample("y", value: .infinity)
        writer.sample("y", value: -.infinity)
        writer.sample("y", value: .nan)
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(text == """
            # HELP x_total a \\\\ b\\nc
            # TYPE x_total counter
            x_total{path="a\\"b\\\\c\\nd"} 3
            y 0.25
            y 2
            y +Inf
            y -Inf
            y NaN

            """)
    }

    @Test func histogram_BucketsAreCumulative_AndCountMatches() {
        let histogram = MetricHistogram(bounds: [1, 5])
        for value in [0.5, 1, 3, 7, 9] { histogram.observe(value) }
        #expect(histogram.bucketCounts == [2, 1, 2])
        #expect(histogram.sum == 20.5)
        var writer = PrometheusTextWriter()
        histogram.write("d", labels: [("k", "v")], into: &writer)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == """
            d_bucket{k="v",le="1"} 2
            d_bucket{k="v",le="5"} 3
            d_bucket{k="v",le="+Inf"} 5
            d_sum{k="v"} 20.5
            d_count{k="v"} 5

            """)
    }

    @Test func family_BeyondMaxSeries_SharesTheOverflowSeries() {
        let registry = MetricsRegistry()
        let family = registry.counter("ids_total", help: "By id.", labels: ["id"], maxSeries: 3)
        for index in 0..<50 { family.labels("id-\(index)").increment() }
        #expect(family.seriesCount == 3)
        #expect(family.labels("id-0").value == 1)
        #expect(family.labels("id-1").value == 1)
        #expect(family.labels("other").value == 48)
        let text = String(decoding: registry.render(), as: UTF8.self)
        #expect(text.contains("ids_total{id=\"other\"} 48\n"))
        #expect(!text.contains("id-7"))
    }

    @Test func registry_RendersFamiliesAndCollectorsInOrder() {
        let registry = MetricsRegistry()
        registry.gauge("g", help: "A gauge.").labels().set(1.5)
        registry.addCollector { writer in
            writer.family("c", help: "Collected.", type: .gauge)
            writer.sample("c", value: 7.0)
        }
        #expect(String(decoding: registry.render(), as: UTF8.self) == """
            # HELP g A gauge.
            # TYPE g gauge
            g 1.5
            # HELP c Collected.
            # TYPE c gauge
            c 7

            """)
    }

    @Test func router_LabelsResponsesWithTheirTemplate() {
        let router = Router()
        router.get("/items/{id}") { _ in .json(Array("{}".utf8)) }
        router.post("/items/{id}") { _ in .json(Array("{}".utf8)) }
        router.get("/quiet") { _ in
            var response = HTTPResponse.json(Array("{}".utf8))
            response.route = .uncounted
            return response
        }
        #expect(router.routeTemplates == ["/items/{id}", "/quiet"])
        #expect(router.respond(to: HTTPRequest(method: .get, target: "/items/abc")).route == RouteLabel(index: 0))
        #expect(router.respond(to: HTTPRequest(method: .post, target: "/items/x")).route == RouteLabel(index: 0))
        #expect(router.respond(to: HTTPRequest(method: .get, target: "/quiet")).route == .uncounted)
        #expect(router.respond(to: HTTPRequest(method: .get, target: "/nothing")).route == .unmatched)
        #expect(router.respond(to: HTTPRequest(method: .delete, target: "/items/x")).route == .unmatched)
    }
}
