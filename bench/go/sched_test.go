// Scheduler workloads, the Go side of bench/src/main/java/dev/gmp/bench/{SpawnJoin,NestedSpawn,PingPong,Gosched,
// FanOutFanIn,Syscall}.java. Each benchmark does b.N ops of the same unit as its JMH twin, so ns/op compare
// directly. bench/compare runs them with -cpu 1,2 (GOMAXPROCS).
package bench

import (
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// BenchmarkSpawnJoin: start spawnWidth goroutines, wait for all of them (a WaitGroup), repeat; one op = one
// goroutine started and joined. After golang/go src/runtime/proc_test.go BenchmarkCreateGoroutinesCapture.
const spawnWidth = 100

func BenchmarkSpawnJoin(b *testing.B) {
	for n := b.N; n > 0; n -= spawnWidth {
		k := spawnWidth
		if n < k {
			k = n
		}
		var wg sync.WaitGroup
		wg.Add(k)
		for i := 0; i < k; i++ {
			go wg.Done()
		}
		wg.Wait()
	}
}

// BenchmarkNestedSpawn: a chain of goroutines, each starting the next; one op = one goroutine.
// golang/go src/runtime/proc_test.go BenchmarkCreateGoroutines (benchmarkCreateGoroutines, procs = 1).
func BenchmarkNestedSpawn(b *testing.B) {
	done := make(chan bool)
	var link func(n int)
	link = func(n int) {
		if n == 0 {
			done <- true
			return
		}
		go link(n - 1)
	}
	go link(b.N)
	<-done
}

// BenchmarkPingPong: two goroutines hand a turn back and forth; one op = one round trip. Go's hand-off primitive
// is the unbuffered channel (the Java side parks/unparks on a volatile turn).
func BenchmarkPingPong(b *testing.B) {
	ping := make(chan struct{})
	pong := make(chan struct{})
	go func() {
		for i := 0; i < b.N; i++ {
			<-ping
			pong <- struct{}{}
		}
	}()
	for i := 0; i < b.N; i++ {
		ping <- struct{}{}
		<-pong
	}
}

// BenchmarkGosched: goschedUnits goroutines call runtime.Gosched in a loop; one op = one yield.
const goschedUnits = 4

func BenchmarkGosched(b *testing.B) {
	var wg sync.WaitGroup
	wg.Add(goschedUnits)
	for u := 0; u < goschedUnits; u++ {
		n := b.N / goschedUnits
		if u < b.N%goschedUnits {
			n++
		}
		go func() {
			for i := 0; i < n; i++ {
				runtime.Gosched()
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// BenchmarkFanOutFanIn: 1,000,000 goroutines started at once, each adding its index to a sum, all joined;
// fails if any goroutine is lost or runs twice. Every round is a full million whatever b.N is (the point is the
// million queued at once), and ns/op is reported per goroutine.
const fanUnits = 1_000_000

func BenchmarkFanOutFanIn(b *testing.B) {
	rounds := (b.N + fanUnits - 1) / fanUnits
	b.ResetTimer()
	start := time.Now()
	for r := 0; r < rounds; r++ {
		var sum, count int64
		var wg sync.WaitGroup
		wg.Add(fanUnits)
		for i := 0; i < fanUnits; i++ {
			id := int64(i)
			go func() {
				atomic.AddInt64(&sum, id)
				atomic.AddInt64(&count, 1)
				wg.Done()
			}()
		}
		wg.Wait()
		if want := int64(fanUnits) * int64(fanUnits-1) / 2; count != fanUnits || sum != want {
			b.Fatalf("fan-out/fan-in lost work: %d of %d ran, sum %d want %d", count, fanUnits, sum, want)
		}
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(rounds*fanUnits), "ns/op")
}

// BenchmarkSyscall: getpid(2) through syscall.Syscall, i.e. with entersyscall/exitsyscall around it (Go's
// syscall.Getpid is a raw syscall that skips them, so it would not measure the fast path).
func BenchmarkSyscall(b *testing.B) {
	for i := 0; i < b.N; i++ {
		syscall.Syscall(syscall.SYS_GETPID, 0, 0, 0)
	}
}

// BenchmarkSyscallRaw: the same call without entersyscall/exitsyscall; Syscall - SyscallRaw is the fast path.
func BenchmarkSyscallRaw(b *testing.B) {
	for i := 0; i < b.N; i++ {
		syscall.RawSyscall(syscall.SYS_GETPID, 0, 0, 0)
	}
}

func runtimeProcs() int { return runtime.GOMAXPROCS(0) }
