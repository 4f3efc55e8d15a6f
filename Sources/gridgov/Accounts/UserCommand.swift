import ArgumentParser
import Foundation
import GridCore
import GridStore

/// Scope flags shared by `user add` and `token add`.
struct ScopeOptions: ParsableArguments {
    @Option(help: "Region code the account is bound to (its subtree).")
    var region: String?

    @Option(help: "Line department the account is bound to, e.g. 330106-CG.")
    var department: String?

    func scope() throws -> AccessScope {
        switch (region, department) {
        case (.some, .some): throw ValidationError("give --region or --department, not both")
        case (.some(let region), nil):
            do { return .region(try RegionCode(region)) } catch {
                throw ValidationError("--region: \(error.description)")
            }
        case (nil, .some(let department)):
            do { return .department(try DepartmentCode(department)) } catch {
                throw ValidationError("--department: \(error.description)")
            }
        case (nil, nil): return .territory
        }
    }
}

func parseRole(_ text: String) throws -> Role {
    guard let role = Role(rawValue: text) else {
        throw ValidationError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return role
}

/// `gridgov user add`: creates an account; the password is read from standard input.
/// `gridgov user disable` / `enable`: 停用 / 启用 an account.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage accounts.",
        subcommands: [Add.self, Disable.self, Enable.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add an account (password on stdin).")

        @Option var username: String
        @Option(help: "admin, auditor, center, leader, station, dept, gridleader, worker, resident, integration")
        var role: String
        @Option(help: "Display name (defaults to the user name).")
        var name: String?
        @OptionGroup var scope: ScopeOptions
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let role = try parseRole(role)
            let scope = try scope.scope()
            guard let password = readLine(strippingNewline: true), !password.isEmpty else {
                throw ValidationError("give the password on standard input")
            }
            let store = try await self.store.openStore()
            do {
                try await store.addUser(
                    Account(username: username, displayName: name ?? username, role: role, scope: scope),
                    password: password, by: .system("user add"))
                try await store.close()
            } catch let error as StoreError {
                try? await store.close()
                throw ValidationError(error.description)
            }
            print("added \(role.rawValue) '\(username)'")
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable",
            abstract: "Disable an account: it cannot log in, and its open sessions end.")
        @Option var username: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await UserCommand.setDisabled(true, username: username, store: store)
            print("disabled '\(username)'")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enable", abstract: "Enable a disabled account again.")
        @Option var username: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await UserCommand.setDisabled(false, username: username, store: store)
            print("enabled '\(username)'")
        }
    }

    private static func setDisabled(_ disabled: Bool, username: String, store options: StoreOptions) async throws {
        let store = try await options.openStore()
        do {
            try await store.setDisabled(
                disabled, username: username, by: .system(disabled ? "user disable" : "user enable"))
            try await store.close()
        } catch let error as StoreError {
            try? await store.close()
            throw ValidationError(error.description)
        }
    }
}

/// `gridgov token add`: prints a new API token for an integration.
/// `gridgov token list` / `revoke`: the tokens, and 吊销 one for good.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.",
        subcommands: [Add.self, List.self, Revoke.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add an API token and print it.")

        @Option var name: String
        @Option var role: String = "integration"
        @OptionGroup var scope: ScopeOptions
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let role = try parseRole(role)
            let scope = try scope.scope()
            let store = try await self.store.openStore()
            do {
                let token = try await store.addToken(name: name, role: role, scope: scope, by: .system("token add"))
                try await store.close()
                print(token)
            } catch let error as StoreError {
                try? await store.close()
                throw ValidationError(error.description)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the API tokens (never the tokens themselves).")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let store = try await self.store.openStore()
            let tokens = try await store.tokens(visibleTo: .system("token list"))
            try await store.close()
            for token in tokens {
                let scope =
                    switch token.scope {
                    case .territory: "territory"
                    case .region(let code): "region \(code.digits)"
                    case .department(let department): "department \(department.value)"
                    }
                let status = token.revokedAtMilliseconds.map { "revoked \(ISO8601UTC.seconds($0))" } ?? "live"
                print(
                    "\(token.name)\t\(token.role.rawValue)\t\(scope)\tcreated \(ISO8601UTC.seconds(token.createdAtMilliseconds))\t\(status)"
                )
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract:
                "Revoke an API token for good; running servers refuse it within \(GridStore.tokenCacheLifetimeMilliseconds / 1000) s."
        )
        @Option var name: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let store = try await self.store.openStore()
            do {
                try await store.revokeToken(name: name, by: .system("token revoke"))
                try await store.close()
            } catch let error as StoreError {
                try? await store.close()
                throw ValidationError(error.description)
            }
            print("revoked '\(name)'")
        }
    }
}
