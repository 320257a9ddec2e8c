// etcd, built from go.etcd.io/etcd/server/v3 at the version Kubernetes v1.28.15 itself requires.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
