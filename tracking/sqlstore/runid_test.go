package sqlstore

import (
	"bytes"
	"crypto/rand"
	"strings"
	"testing"

	"github.com/telltale-ml/telltale/tracking"
)

func TestRunIDGen(t *testing.T) {
	var g runIDGen
	// 1700000000000 ms is 0x018bcfe56800.
	id, err := g.next(bytes.NewReader(bytes.Repeat([]byte{0xff}, 10)), 1700000000000)
	if err != nil {
		t.Fatal(err)
	}
	// The counter starts at 0x7ff (the random bits masked to its lower
	// half); the variant keeps the top two bits of byte 8 at 10.
	if want := "018bcfe56800" + "77ff" + "bfffffffffffffff"; id != want {
		t.Fatalf("id %s, want %s", id, want)
	}
	if err := tracking.ValidateRunID(id); err != nil {
		t.Fatal(err)
	}

	// Ids increase strictly, within a millisecond, across milliseconds,
	// when the clock goes back, and when the counter is spent.
	g = runIDGen{}
	prev := ""
	for i, ms := range append([]int64{5, 5, 6, 4, 4}, make([]int64, 5000)...) {
		if i >= 5 {
			ms = 7 // one millisecond for 5000 ids: the counter (12 bits) overflows
		}
		id, err := g.next(rand.Reader, ms)
		if err != nil {
			t.Fatal(err)
		}
		if len(id) != 32 || strings.Trim(id, "0123456789abcdef") != "" || id[12] != '7' || !strings.ContainsAny(id[16:17], "89ab") {
			t.Fatalf("id %d %q: not 32 hex digits of a version 7 UUID", i, id)
		}
		if id <= prev {
			t.Fatalf("id %d %s does not follow %s", i, id, prev)
		}
		prev = id
	}

	if _, err := g.next(bytes.NewReader(nil), 1); err == nil {
		t.Fatal("no error from a failing random source")
	}
}
