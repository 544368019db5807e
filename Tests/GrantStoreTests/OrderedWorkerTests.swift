import Dispatch
import Testing
@testable import GrantStore

@Suite("A second thread's work, in order")
struct OrderedWorkerTests {
    @Test("results come in the order the inputs were given, the work keeping its state from one to the next")
    func inOrder() {
        final class Sum { var total = 0 }
        let sum = Sum()
        let worker = OrderedWorker<Int, Int>(depth: 2) { number in
            sum.total += number
            return sum.total
        }
        defer { worker.finish() }
        var taken: [Int] = []
        for number in 1...1_000 {
            worker.submit(number)
            if number % 3 == 0 { taken.append(worker.take()) }
        }
        while taken.count < 1_000 { taken.append(worker.take()) }
        #expect(taken == (1...1_000).map { $0 * ($0 + 1) / 2 })
    }

    @Test("finish stops the thread with results not taken; nothing runs after it")
    func finishes() {
        final class Count { var runs = 0 }
        let count = Count()
        let worker = OrderedWorker<Int, Int>(depth: 3) { number in
            count.runs += 1
            return number
        }
        for number in 1...3 { worker.submit(number) }
        #expect(worker.take() == 1)
        worker.finish()
        #expect(count.runs == 3)
    }

    @Test("takeIfDone gives nothing while the oldest work is not done, then the results in order")
    func takeIfDone() {
        let gate = DispatchSemaphore(value: 0)
        let worker = OrderedWorker<Int, Int>(depth: 2) { number in
            gate.wait()
            return number * 10
        }
        defer { worker.finish() }
        worker.submit(1)
        worker.submit(2)
        #expect(worker.takeIfDone() == nil)
        #expect(worker.resultsOwed == 2)
        gate.signal()
        #expect(worker.take() == 10)
        gate.signal()
        var second: Int?
        while second == nil { second = worker.takeIfDone() }
        #expect(second == 20)
        #expect(worker.resultsOwed == 0)
        #expect(worker.takeIfDone() == nil)
    }
}
