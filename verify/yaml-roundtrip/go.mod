module cdk8s-fastapi/verify/yaml-roundtrip

go 1.20

// The versions Kubernetes v1.28.15 itself builds with (its go.mod): what kubectl and the
// kube-apiserver of that release read YAML with and validate with.
require (
	gopkg.in/yaml.v2 v2.4.0 // indirect
	k8s.io/apimachinery v0.28.15
	k8s.io/utils v0.0.0-20230406110748-d93618cff8a2
	sigs.k8s.io/yaml v1.3.0 // indirect
)

require (
	github.com/gogo/protobuf v1.3.2 // indirect
	gopkg.in/inf.v0 v0.9.1 // indirect
	sigs.k8s.io/json v0.0.0-20221116044647-bc3834ca7abd // indirect
)
