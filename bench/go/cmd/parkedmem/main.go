// parkedmem: bytes per parked goroutine, the Go side of bench/src/main/java/dev/gmp/bench/mem/ParkedMemory.java.
// Starts N goroutines that each block on one shared channel and reports the delta of (heap in use + goroutine
// stacks in use) and of VmRSS, divided by N. Usage: parkedmem N
//
// parkedmem -rss BYTES instead parks goroutines in batches until the process RSS reaches BYTES (the RSS of the
// JVM that filled a 2 GiB heap with parked virtual threads, see MaxParked.java) and prints how many fit.
package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	if len(os.Args) == 3 && os.Args[1] == "-rss" {
		budget, err := strconv.ParseUint(os.Args[2], 10, 64)
		if err != nil {
			fmt.Fprintln(os.Stderr, "parkedmem: -rss wants a byte count")
			os.Exit(2)
		}
		maxParked(budget)
		return
	}
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: parkedmem N | parkedmem -rss BYTES")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[1])
	if err != nil || n < 1 {
		fmt.Fprintln(os.Stderr, "parkedmem: N must be a positive integer")
		os.Exit(2)
	}
	heap0, rss0 := managed(), rss()
	release := make(chan struct{})
	var parked, exited sync.WaitGroup
	parked.Add(n)
	exited.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			parked.Done()
			<-release
			exited.Done()
		}()
	}
	parked.Wait()
	time.Sleep(200 * time.Millisecond) // the last goroutines reach the channel after Done
	heap1, rss1 := managed(), rss()
	fmt.Printf("parked impl=go n=%d heap_bytes_per_unit=%.1f rss_bytes_per_unit=%.1f\n", n,
		float64(int64(heap1)-int64(heap0))/float64(n), float64(int64(rss1)-int64(rss0))/float64(n))
	close(release)
	exited.Wait()
}

// maxParked parks goroutines in batches of 100,000 until VmRSS reaches budget.
func maxParked(budget uint64) {
	const batch = 100_000
	release := make(chan struct{})
	n := 0
	for rss() < budget && n < 50_000_000 {
		var parked sync.WaitGroup
		parked.Add(batch)
		for i := 0; i < batch; i++ {
			go func() {
				parked.Done()
				<-release
			}()
		}
		parked.Wait()
		n += batch
	}
	fmt.Printf("maxparked impl=go n=%d rss=%d budget=%d\n", n, rss(), budget)
	close(release)
}

// managed: the Go runtime's counterpart of a JVM's used heap after GC: live heap plus goroutine stacks (a parked
// virtual thread's stack is in the JVM heap; a goroutine's stack is not in Go's heap).
func managed() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc + ms.StackInuse
}

func rss() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if strings.HasPrefix(s.Text(), "VmRSS:") {
			kb, _ := strconv.ParseUint(strings.Fields(s.Text())[1], 10, 64)
			return kb * 1024
		}
	}
	panic("no VmRSS in /proc/self/status")
}
