import GridCore
import HTTPTypes
import Synchronization
import Testing

@testable import GridServer

@Suite("Login throttles, the password-check gate and client addresses")
struct LoginThrottleTests {
    /// A check that runs until the test lets it finish.
    final class HeldCheck: Sendable {
        let started = Mutex(0)
        let released = Mutex(false)

        func run() async -> Int {
            started.withLock { $0 += 1 }
            while !released.withLock({ $0 }) { await Task.yield() }
            return 1
        }
    }

    @Test("the gate runs one check at a time, lets a bounded number wait, and refuses the rest at once")
    func gateIsBounded() async throws {
        let gate = PasswordCheckGate(concurrent: 1, waiting: 2)
        let held = HeldCheck()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<3 { group.addTask { try await gate.run { await held.run() } } }
            while held.started.withLock({ $0 }) < 1 || gate.queued < 2 { await Task.yield() }
            await #expect(
                throws: PasswordCheckGate.Busy.self, "one runs, two wait: a fourth is refused without waiting"
            ) {
                _ = try await gate.run { 0 }
            }
            #expect(held.started.withLock { $0 } == 1, "only one check runs at once")
            held.released.withLock { $0 = true }
            var total = 0
            for try await value in group { total += value }
            #expect(total == 3 && held.started.withLock { $0 } == 3, "the waiters ran in turn")
        }
        #expect(try await gate.run { 7 } == 7, "places are given back")
    }

    @Test("an owner's check waits at the head of the line even when the line is full")
    func priorityWaitsWhenFull() async throws {
        let gate = PasswordCheckGate(concurrent: 1, waiting: 0)
        let held = HeldCheck()
        try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask { try await gate.run { await held.run() } }
            while held.started.withLock({ $0 }) < 1 { await Task.yield() }
            await #expect(throws: PasswordCheckGate.Busy.self) { _ = try await gate.run { 0 } }
            group.addTask { try await gate.run(priority: true) { 5 } }
            while gate.queued < 1 { await Task.yield() }
            held.released.withLock { $0 = true }
            var total = 0
            for try await value in group { total += value }
            #expect(total == 6, "the owner's check ran once the running one left")
        }
    }

    @Test(
        "limits count an IPv6 client by its /64 and an IPv4-mapped one as IPv4",
        arguments: [
            ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"), ("2001:0db8:0001:0002:bbbb:0:0:7", "2001:db8:1:2::/64"),
            ("::ffff:203.0.113.9", "203.0.113.9"), ("203.0.113.9", "203.0.113.9"), ("unknown", "unknown"),
        ])
    func limiterKeys(_ address: String, _ key: String) {
        #expect(ClientAddress.limiterKey(address) == key)
    }

    @Test(
        "a client behind trusted proxies is the rightmost address that is not one of them",
        arguments: [
            (["X-Forwarded-For": "203.0.113.9"], "203.0.113.9"),
            (["X-Forwarded-For": "6.6.6.6, 203.0.113.9"], "203.0.113.9"),
            (["X-Forwarded-For": "6.6.6.6, 203.0.113.9, 10.0.0.2"], "203.0.113.9"),
            (["Forwarded": #"for=192.0.2.60;proto=http, for="[2001:db8::1]:4711""#], "2001:db8::1"),
            (["Forwarded": "for=192.0.2.60:8080"], "192.0.2.60"),
            (["X-Forwarded-For": "10.0.0.2"], "10.0.0.2"),
            (["X-Forwarded-For": "203.0.113.9:51234, 10.0.0.2"], "203.0.113.9"),
            (["X-Forwarded-For": "unknown, 203.0.113.9, not-an-address"], "203.0.113.9"),
        ])
    func clientBehindProxies(_ fields: [String: String], _ expected: String) throws {
        var headers = HTTPFields()
        for (name, value) in fields { headers[try #require(HTTPField.Name(name))] = value }
        #expect(ClientAddressMiddleware.client(headers, trusted: ["10.0.0.2", "127.0.0.1"]) == expected)
    }
}
