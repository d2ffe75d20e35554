// Channel workloads, the Go side of bench/src/main/java/dev/gmp/bench/chan/*.java. The benchmark bodies follow
// golang/go src/runtime/chan_test.go (BenchmarkChanSync, benchmarkChanProdCons, BenchmarkChanNonblocking,
// BenchmarkSelectUncontended, BenchmarkSelectProdCons, BenchmarkChanContended) and test/chan/sieve1.go.
package bench

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

const callsPerSched = 1000

// BenchmarkChanSync: chan_test.go benchmarkChanSync with work = 0 (two goroutines, whatever GOMAXPROCS is).
func BenchmarkChanSync(b *testing.B) {
	const procs = 2
	n := int32(b.N / callsPerSched / procs * procs)
	c := make(chan bool, procs)
	myc := make(chan int)
	for p := 0; p < procs; p++ {
		go func() {
			for {
				i := atomic.AddInt32(&n, -1)
				if i < 0 {
					break
				}
				for g := 0; g < callsPerSched; g++ {
					if i%2 == 0 {
						<-myc
						myc <- 0
					} else {
						myc <- 0
						<-myc
					}
				}
			}
			c <- true
		}()
	}
	for p := 0; p < procs; p++ {
		<-c
	}
}

// prodCons: chan_test.go benchmarkChanProdCons with localWork = 0.
func prodCons(b *testing.B, chanSize int) {
	procs := runtime.GOMAXPROCS(-1)
	n := int32(b.N / callsPerSched)
	c := make(chan bool, 2*procs)
	myc := make(chan int, chanSize)
	for p := 0; p < procs; p++ {
		go func() {
			for atomic.AddInt32(&n, -1) >= 0 {
				for g := 0; g < callsPerSched; g++ {
					myc <- 1
				}
			}
			myc <- 0
			c <- true
		}()
		go func() {
			for <-myc != 0 {
			}
			c <- true
		}()
	}
	for p := 0; p < procs; p++ {
		<-c
		<-c
	}
}

func BenchmarkChanProdCons0(b *testing.B)   { prodCons(b, 0) }
func BenchmarkChanProdCons10(b *testing.B)  { prodCons(b, 10) }
func BenchmarkChanProdCons100(b *testing.B) { prodCons(b, 100) }

// BenchmarkChanNonblocking: chan_test.go, as is.
func BenchmarkChanNonblocking(b *testing.B) {
	myc := make(chan int)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			select {
			case <-myc:
			default:
			}
		}
	})
}

// BenchmarkSelectUncontended: chan_test.go, as is.
func BenchmarkSelectUncontended(b *testing.B) {
	b.RunParallel(func(pb *testing.PB) {
		myc1 := make(chan int, 1)
		myc2 := make(chan int, 1)
		myc1 <- 0
		for pb.Next() {
			select {
			case <-myc1:
				myc2 <- 0
			case <-myc2:
				myc1 <- 0
			}
		}
	})
}

func localWork(foo int) int {
	for i := 0; i < 100; i++ {
		foo *= 2
		foo /= 2
	}
	return foo
}

// BenchmarkSelectProdCons: chan_test.go, as is (a one-hour timer and a close channel that never fire).
func BenchmarkSelectProdCons(b *testing.B) {
	procs := runtime.GOMAXPROCS(-1)
	n := int32(b.N / callsPerSched)
	c := make(chan bool, 2*procs)
	myc := make(chan int, 128)
	myclose := make(chan bool)
	for p := 0; p < procs; p++ {
		go func() {
			foo := 0
			mytimer := time.After(time.Hour)
			for atomic.AddInt32(&n, -1) >= 0 {
				for g := 0; g < callsPerSched; g++ {
					foo = localWork(foo)
					select {
					case myc <- 1:
					case <-mytimer:
					case <-myclose:
					}
				}
			}
			myc <- 0
			c <- foo == 42
		}()
		go func() {
			foo := 0
			mytimer := time.After(time.Hour)
		loop:
			for {
				select {
				case v := <-myc:
					if v == 0 {
						break loop
					}
				case <-mytimer:
				case <-myclose:
				}
				foo = localWork(foo)
			}
			c <- foo == 42
		}()
	}
	for p := 0; p < procs; p++ {
		<-c
		<-c
	}
}

// BenchmarkChanContended: chan_test.go, as is (one op = 100 sends + 100 receives).
func BenchmarkChanContended(b *testing.B) {
	const C = 100
	myc := make(chan int, C*runtime.GOMAXPROCS(0))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			for i := 0; i < C; i++ {
				myc <- 0
			}
			for i := 0; i < C; i++ {
				<-myc
			}
		}
	})
}

// BenchmarkSieve: test/chan/sieve1.go for the first 1000 primes; one op = one whole sieve. The generator stops
// after the 1000th prime and closes, filters close their output when their input closes, and main drains the
// chain, so no goroutine outlives an op (sieve1.go leaves them blocked).
const sievePrimes, lastPrime = 1000, 7919

func generate(ch chan<- int) {
	for i := 2; i <= lastPrime; i++ {
		ch <- i
	}
	close(ch)
}

func filter(in <-chan int, out chan<- int, prime int) {
	for i := range in {
		if i%prime != 0 {
			out <- i
		}
	}
	close(out)
}

func BenchmarkSieve(b *testing.B) {
	for n := 0; n < b.N; n++ {
		ch := make(chan int)
		go generate(ch)
		prime := 0
		for i := 0; i < sievePrimes; i++ {
			prime = <-ch
			ch1 := make(chan int)
			go filter(ch, ch1, prime)
			ch = ch1
		}
		for range ch {
			b.Fatal("sieve: a value passed every filter")
		}
		if prime != lastPrime {
			b.Fatalf("sieve: 1000th prime %d, want %d", prime, lastPrime)
		}
	}
}
