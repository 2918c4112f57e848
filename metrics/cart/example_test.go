package cart_test

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/metrics/cart"
)

// A tree told which rows are class 1: the first feature separates them
// at 2.5, the second is noise the tree never splits on.
func ExampleFit() {
	x := [][]float32{
		{1, 2, 3, 4, 1, 2, 3, 4},
		{5, 3, 5, 3, 3, 5, 3, 5},
	}
	y := []int32{0, 0, 1, 1, 0, 0, 1, 1}
	tree, err := cart.Fit(context.Background(), x, y, 2, cart.Options{MaxDepth: 3, MinSamplesLeaf: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tree.Nodes, tree.Leaves, tree.Importances)
	// Output:
	// 3 2 [1 0]
}
