package web

import (
	"sync"
	"time"
)

// limiter is a token bucket per key (an address, a unit): burst requests at
// once, then one every 1/rate seconds. It forgets full buckets when it
// grows, so a flood of addresses cannot exhaust memory.
type limiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	now     func() time.Time
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

const maxLimiterKeys = 50_000

func newLimiter(perHour, burst float64, now func() time.Time) *limiter {
	return &limiter{rate: perHour / 3600, burst: burst, now: now, buckets: map[string]*bucket{}}
}

// allow takes a token for key, reporting whether there was one.
func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxLimiterKeys {
			l.prune(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// prune drops the buckets that have refilled: they hold nothing to remember.
func (l *limiter) prune(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.at).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
}

// Limits are the abuse limits of the public pages (docs/DESIGN.md §10),
// per hour with their bursts. The zero value takes the defaults.
type Limits struct {
	LookupPerAddr, LookupPerAddrBurst     float64 // key-less lookups from one address
	LookupPerUnit, LookupPerUnitBurst     float64 // key-less lookups of one unit's codes
	QuestionPerAddr, QuestionPerAddrBurst float64 // questions from one address (the unit's inbox has its own hold)
	SubmitPerAddr, SubmitPerAddrBurst     float64 // online submissions from one address
	SubmitPerUnit, SubmitPerUnitBurst     float64 // online submissions into one unit
	RatePerAddr, RatePerAddrBurst         float64 // ratings from one address
}

func (l *Limits) defaults() {
	def := func(v *float64, d float64) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.LookupPerAddr, 60)
	def(&l.LookupPerAddrBurst, 10)
	def(&l.LookupPerUnit, 60)
	def(&l.LookupPerUnitBurst, 30)
	def(&l.QuestionPerAddr, 6)
	def(&l.QuestionPerAddrBurst, 3)
	def(&l.SubmitPerAddr, 6)
	def(&l.SubmitPerAddrBurst, 3)
	def(&l.SubmitPerUnit, 30)
	def(&l.SubmitPerUnitBurst, 30)
	def(&l.RatePerAddr, 20)
	def(&l.RatePerAddrBurst, 10)
}
