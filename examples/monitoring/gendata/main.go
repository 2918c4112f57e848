// Command gendata writes the data of the monitoring example from the
// Seattle weather (examples/regression/seattle-weather.csv): each day with
// the forecasts of two naive models a team might monitor,
//
//	rain          1 when the day's weather is "rain", else 0 (the target)
//	rain_proba    the share of rain days among the previous 7 (a frequency
//	              forecast of rain); missing on the first day
//	rain_pred     1 when rain_proba >= 0.5, else 0
//	temp_max_pred the previous day's temp_max (a persistence forecast of
//	              the day's highest temperature); missing on the first day
//
// and splits it into data/weather-reference.csv (2012-2013) and
// data/weather-current.csv (2014-2015). Run from the repository root:
//
//	go run ./examples/monitoring/gendata
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

func main() {
	in := flag.String("in", "examples/regression/seattle-weather.csv", "the Seattle weather CSV")
	out := flag.String("out", "examples/monitoring/data", "the directory to write into")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		log.Fatal(err)
	}
}

func run(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	header := rows[0]
	col := map[string]int{}
	for i, n := range header {
		col[n] = i
	}
	for _, n := range []string{"date", "temp_max", "weather"} {
		if _, ok := col[n]; !ok {
			return fmt.Errorf("%s: no column %q", in, n)
		}
	}
	header = append(header, "rain", "rain_proba", "rain_pred", "temp_max_pred")
	var rain []int
	ref, cur := [][]string{header}, [][]string{header}
	for i, r := range rows[1:] {
		isRain := 0
		if r[col["weather"]] == "rain" {
			isRain = 1
		}
		proba, pred, tempPred := "", "", ""
		if i > 0 {
			past := rain[max(0, i-7):i]
			n := 0
			for _, x := range past {
				n += x
			}
			p := float64(n) / float64(len(past))
			proba = strconv.FormatFloat(p, 'f', 4, 64)
			pred = "0"
			if p >= 0.5 {
				pred = "1"
			}
			tempPred = rows[i][col["temp_max"]] // rows[i] is the previous day
		}
		rain = append(rain, isRain)
		row := append(append([]string(nil), r...), strconv.Itoa(isRain), proba, pred, tempPred)
		if strings.HasPrefix(r[col["date"]], "2012") || strings.HasPrefix(r[col["date"]], "2013") {
			ref = append(ref, row)
		} else {
			cur = append(cur, row)
		}
	}
	for name, data := range map[string][][]string{"weather-reference.csv": ref, "weather-current.csv": cur} {
		if err := write(filepath.Join(out, name), data); err != nil {
			return err
		}
	}
	return nil
}

func write(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
