package bench

import (
	"path/filepath"
	"sync"
	"syscall"
	"testing"
)

// BenchmarkBlockingReads: CPU throughput while blockingReaders goroutines sit in read(2) on FIFOs (blocking fds,
// so Go's entersyscall/sysmon retake applies, not the netpoller) and GOMAXPROCS goroutines do fixed CPU work;
// one op = one work unit. The Go side of bench/src/main/java/dev/gmp/bench/BlockingReads.java.
const blockingReaders, mixRounds = 4, 250

// work: mixRounds rounds of xorshift64*, as BlockingReads.work (not an LCG, which the JVM's JIT folds).
func work(x uint64) uint64 {
	for i := 0; i < mixRounds; i++ {
		x ^= x >> 12
		x ^= x << 25
		x ^= x >> 27
		x *= 2685821657736338717
	}
	return x
}

var workSink uint64

func BenchmarkBlockingReads(b *testing.B) {
	dir := b.TempDir()
	fds := make([]int, blockingReaders)
	for i := range fds {
		p := filepath.Join(dir, "f"+string(rune('0'+i)))
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			b.Fatal(err)
		}
		fd, err := syscall.Open(p, syscall.O_RDWR, 0) // O_RDWR: the open does not wait for a writer
		if err != nil {
			b.Fatal(err)
		}
		defer syscall.Close(fd)
		fds[i] = fd
	}
	procs := runtimeProcs()
	b.ResetTimer()
	var reading, readersDone sync.WaitGroup
	reading.Add(blockingReaders)
	readersDone.Add(blockingReaders)
	for _, fd := range fds {
		fd := fd
		go func() {
			reading.Done()
			buf := make([]byte, 1)
			if _, err := syscall.Read(fd, buf); err != nil {
				panic(err)
			}
			readersDone.Done()
		}()
	}
	reading.Wait()
	var workers sync.WaitGroup
	workers.Add(procs)
	var mu sync.Mutex
	for w := 0; w < procs; w++ {
		share := b.N / procs
		if w < b.N%procs {
			share++
		}
		seed := uint64(w + 1) // xorshift needs a non-zero state
		go func() {
			x := seed
			for i := 0; i < share; i++ {
				x = work(x)
			}
			mu.Lock()
			workSink += x
			mu.Unlock()
			workers.Done()
		}()
	}
	workers.Wait()
	for _, fd := range fds {
		if _, err := syscall.Write(fd, []byte{1}); err != nil {
			b.Fatal(err)
		}
	}
	readersDone.Wait()
}
