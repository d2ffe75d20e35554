// Command dump prints a real Go goroutine profile, the fixture our Java dumps are compared with
// (runtime/src/test/resources/go/goroutine-debug{1,2}.txt; see GoroutineDumpShapeTest).
//
//	cd runtime/src/test/go/dump && go run . 1 > ../../resources/go/goroutine-debug1.txt
//	cd runtime/src/test/go/dump && go run . 2 > ../../resources/go/goroutine-debug2.txt
package main

import (
	"os"
	"runtime/pprof"
	"strconv"
	"sync"
	"time"
)

func receiver(c chan int) { <-c }

func sender(c chan int) { c <- 1 }

func waiter(wg *sync.WaitGroup) { wg.Wait() }

func main() {
	debug, _ := strconv.Atoi(os.Args[1])
	c := make(chan int)
	for i := 0; i < 3; i++ {
		go receiver(c) // three identical stacks: one group of 3 in debug=1
	}
	go sender(make(chan int))
	var wg sync.WaitGroup
	wg.Add(1)
	go waiter(&wg)
	time.Sleep(100 * time.Millisecond)
	pprof.Lookup("goroutine").WriteTo(os.Stdout, debug)
}
