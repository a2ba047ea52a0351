import HTTPKit
import IdentityCore

print("identity-server: not yet wired")
