package sqlstore

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
)

// runIDGen makes the ids of new runs (and of datasets and inputs): 32
// lowercase hex digits, as MLflow's uuid.uuid4().hex, but of a version 7
// UUID (RFC 9562, section 5.7): 48 bits of Unix milliseconds, then 12
// bits that count up within a millisecond, then 62 random bits. MLflow
// accepts any run id of letters, digits, '_' and '-' (its _RUN_ID_REGEX);
// it never reads a UUID's version.
//
// Why not version 4: a run's id is in every index MLflow's schema puts on
// its rows (params, metrics, latest_metrics and tags keyed by
// (key, run_uuid), and by run_uuid alone). With random ids each new run's
// rows land on random pages of those indexes, so a write splits and
// rewrites pages all over the file, and the pages it needs are rarely in
// the cache; with ids that grow, a run's rows go next to those of the run
// before, onto the same few pages. Ids from one store increase strictly;
// ids from several processes interleave, still close to the right edge.
type runIDGen struct {
	ms  int64  // millisecond of the last id
	seq uint16 // its 12-bit counter
}

// next returns an id for the clock reading nowMs, reading 10 random bytes
// from r.
func (g *runIDGen) next(r io.Reader, nowMs int64) (string, error) {
	var rnd [10]byte
	if _, err := io.ReadFull(r, rnd[:]); err != nil {
		return "", fmt.Errorf("tracking: random id: %w", err)
	}
	if nowMs > g.ms {
		// A new millisecond: the counter starts at a random value in its
		// lower half, leaving room to count up.
		g.ms, g.seq = nowMs, binary.BigEndian.Uint16(rnd[8:])&0x7ff
	} else if g.seq++; g.seq > 0xfff {
		g.ms, g.seq = g.ms+1, 0 // the counter is spent: borrow the next millisecond
	}
	var u [16]byte
	ms := uint64(g.ms) & (1<<48 - 1)
	u[0], u[1], u[2], u[3], u[4], u[5] = byte(ms>>40), byte(ms>>32), byte(ms>>24), byte(ms>>16), byte(ms>>8), byte(ms)
	u[6] = 0x70 | byte(g.seq>>8) // version 7
	u[7] = byte(g.seq)
	copy(u[8:], rnd[:8])
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return hex.EncodeToString(u[:]), nil
}
