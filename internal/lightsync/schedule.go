package lightsync

import (
	"math/rand/v2"
	"sync"
	"time"
)

// Schedule says when terminal term sends its k-th request; nil sends each
// at once, when the previous answer is in (closed loop).
type Schedule func(term, k int) time.Time

// Wait sleeps until the request's time and returns it, the time its
// latency counts from: a request held up behind a late answer counts its
// wait too (no coordinated omission).
func (s Schedule) Wait(term, k int) time.Time {
	if s == nil {
		return time.Now()
	}
	at := s(term, k)
	time.Sleep(time.Until(at))
	return at
}

// Paced is an open-loop schedule: each of n terminals starts at a random
// point of the first interval and sends its k-th request (of requests) k
// intervals later, give or take a uniform jitter of a fifth of the
// interval. The same seed gives every benchmark the same schedule.
func Paced(n, requests int, interval time.Duration) Schedule {
	rng := rand.New(rand.NewPCG(5, 6))
	times := make([][]time.Duration, n)
	for i := range times {
		start := time.Duration(rng.Int64N(int64(interval)))
		for k := range requests {
			times[i] = append(times[i], start+time.Duration(k)*interval+time.Duration(rng.Int64N(int64(interval/5)))-interval/10)
		}
	}
	// The clock starts at the first request, not here: a caller that
	// builds its store and enrolls its terminals after making the
	// schedule would otherwise count that set-up in every first request's
	// latency (up to 630 ms on the benchmarks' machine: the whole p99
	// tail).
	base := sync.OnceValue(func() time.Time { return time.Now().Add(interval / 10) })
	return func(term, k int) time.Time { return base().Add(times[term][k]) }
}
