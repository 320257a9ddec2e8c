// Command yaml-roundtrip shows what kubectl sees in a YAML file, and answers validation questions
// with the apiserver's own Go code (Kubernetes v1.28.15 modules), as an oracle for lib/checks.
//
//	yaml-roundtrip [FILE]      read multi-document YAML (FILE or stdin) the way `kubectl apply -f`
//	                           does and print one compact JSON line per non-empty document
//	yaml-roundtrip oracle      read JSON lines {"kind":K,"value":V[,"other":W]} on stdin and print
//	                           one JSON line {"errors":[...],"result":...} per request
//
// The YAML path is kubectl's: k8s.io/apimachinery/pkg/util/yaml.NewYAMLOrJSONDecoder (document
// splitting on "---" lines) decoding each document with sigs.k8s.io/yaml (go-yaml v2, YAML 1.1
// resolution) into a RawExtension-like raw JSON value, exactly as
// k8s.io/cli-runtime/pkg/resource.StreamVisitor does; empty and `null` documents are skipped too.
// A document kubectl cannot read is printed as {"error": "..."} in its place (kubectl would stop
// there); the command then reads on and exits 1.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	netutils "k8s.io/utils/net"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "oracle" {
		os.Exit(oracle(os.Stdin, os.Stdout))
	}
	in := io.Reader(os.Stdin)
	if len(os.Args) > 1 && os.Args[1] != "-" {
		f, err := os.Open(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		defer f.Close()
		in = f
	}
	os.Exit(readYAML(in, os.Stdout))
}

func readYAML(in io.Reader, out io.Writer) int {
	w := bufio.NewWriter(out)
	defer w.Flush()
	d := utilyaml.NewYAMLOrJSONDecoder(in, 4096)
	rc := 0
	for {
		var raw json.RawMessage
		err := d.Decode(&raw)
		if err == io.EOF {
			return rc
		}
		if err != nil {
			// kubectl stops at the first unreadable document; we report it and read on, so one
			// run shows every bad document (the reader has consumed it already)
			line, _ := json.Marshal(map[string]string{"error": err.Error()})
			w.Write(append(line, '\n'))
			rc = 1
			if _, ok := err.(utilyaml.YAMLSyntaxError); !ok {
				return rc
			}
			continue
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
			continue
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err != nil {
			line, _ := json.Marshal(map[string]string{"error": err.Error()})
			w.Write(append(line, '\n'))
			rc = 1
			continue
		}
		w.Write(append(buf.Bytes(), '\n'))
	}
}

type request struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
	Other string `json:"other"`
}

type response struct {
	Errors []string    `json:"errors"`
	Result interface{} `json:"result,omitempty"`
}

func oracle(in io.Reader, out io.Writer) int {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	w := bufio.NewWriter(out)
	defer w.Flush()
	for sc.Scan() {
		var req request
		if err := json.Unmarshal(sc.Bytes(), &req); err != nil {
			fmt.Fprintln(os.Stderr, "bad request:", err)
			return 2
		}
		resp := answer(req)
		if resp.Errors == nil {
			resp.Errors = []string{}
		}
		line, _ := json.Marshal(resp)
		w.Write(append(line, '\n'))
	}
	return 0
}

func answer(req request) response {
	v := req.Value
	switch req.Kind {
	case "quantity":
		// k8s.io/apimachinery/pkg/api/resource.ParseQuantity: what the apiserver stores.
		q, err := resource.ParseQuantity(v)
		if err != nil {
			return response{Errors: []string{err.Error()}}
		}
		d := q.AsDec()
		exact := ""
		// inf.Dec prints every digit: 0e2147483647 would be two billion zeros
		if d.Scale() > -400 && d.Scale() < 400 {
			exact = d.String()
		}
		return response{Result: map[string]string{"canonical": q.String(), "exact": exact}}
	case "quantity-cmp":
		a, err := resource.ParseQuantity(v)
		if err != nil {
			return response{Errors: []string{err.Error()}}
		}
		b, err := resource.ParseQuantity(req.Other)
		if err != nil {
			return response{Errors: []string{err.Error()}}
		}
		return response{Result: a.Cmp(b)}
	case "env-var-name":
		return response{Errors: validation.IsEnvVarName(v)}
	case "qualified-name":
		return response{Errors: validation.IsQualifiedName(v)}
	case "label-value":
		return response{Errors: validation.IsValidLabelValue(v)}
	case "dns1123-label":
		return response{Errors: validation.IsDNS1123Label(v)}
	case "dns1123-subdomain":
		return response{Errors: validation.IsDNS1123Subdomain(v)}
	case "ingress-host":
		// k8s.io/kubernetes/pkg/apis/networking/validation.validateIngressRules (v1.28.15)
		var errs []string
		if netutils.ParseIPSloppy(v) != nil {
			errs = append(errs, "must be a DNS name, not an IP address")
		}
		if strings.Contains(v, "*") {
			errs = append(errs, validation.IsWildcardDNS1123Subdomain(v)...)
		} else {
			errs = append(errs, validation.IsDNS1123Subdomain(v)...)
		}
		return response{Errors: errs}
	case "cidr":
		// k8s.io/kubernetes/pkg/apis/core/validation.ValidateCIDR (v1.28.15): ParseCIDRSloppy
		ip, ipnet, err := netutils.ParseCIDRSloppy(v)
		if err != nil {
			return response{Errors: []string{err.Error()}}
		}
		return response{Result: map[string]string{"ip": ip.String(), "network": ipnet.String()}}
	case "ipblock-except":
		// k8s.io/kubernetes/pkg/apis/networking/validation.ValidateIPBlock (v1.28.15)
		_, cidr, err := netutils.ParseCIDRSloppy(v)
		if err != nil {
			return response{Errors: []string{"cidr: not a valid CIDR"}}
		}
		_, exc, err := netutils.ParseCIDRSloppy(req.Other)
		if err != nil {
			return response{Errors: []string{"except: not a valid CIDR"}}
		}
		cm, _ := cidr.Mask.Size()
		em, _ := exc.Mask.Size()
		if !cidr.Contains(exc.IP) || cm >= em {
			return response{Errors: []string{"must be a strict subset of `cidr`"}}
		}
		return response{}
	case "ip":
		if netutils.ParseIPSloppy(v) == nil {
			return response{Errors: []string{"not an IP address"}}
		}
		return response{}
	}
	return response{Errors: []string{"unknown kind " + req.Kind}}
}
