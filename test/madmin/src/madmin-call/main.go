// madmin-call runs one madmin-go (Debian golang-github-minio-madmin-go-dev, v2.0.7) call against an
// admin endpoint and prints {"result": …} or {"error": {"code", "message"}} as one JSON line.
// Built by test/madmin.e2e-spec.ts in GOPATH mode, offline:
//
//	GO111MODULE=off GOPATH=<this dir's parent's parent>:/usr/share/gocode go build
//
// Usage: MADMIN_ENDPOINT=127.0.0.1:9000 MADMIN_ACCESS_KEY=… MADMIN_SECRET_KEY=… madmin-call <op> [args…]
package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/minio/madmin-go"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

func main() {
	op, args := os.Args[1], os.Args[2:]
	if op == "encrypt" || op == "decrypt" {
		crypt(op, args)
		return
	}
	// MADMIN_SESSION_TOKEN: sign with temporary credentials, as madmin does for STS keys.
	creds := credentials.NewStaticV4(os.Getenv("MADMIN_ACCESS_KEY"), os.Getenv("MADMIN_SECRET_KEY"), os.Getenv("MADMIN_SESSION_TOKEN"))
	client, err := madmin.NewWithOptions(os.Getenv("MADMIN_ENDPOINT"), &madmin.Options{Creds: creds})
	if err != nil {
		fail(err)
	}
	result, err := call(context.Background(), client, op, args)
	if err != nil {
		fail(err)
	}
	out, _ := json.Marshal(map[string]interface{}{"result": result})
	fmt.Println(string(out))
}

func call(ctx context.Context, c *madmin.AdminClient, op string, a []string) (interface{}, error) {
	switch op {
	case "AddUser":
		return nil, c.AddUser(ctx, a[0], a[1])
	case "SetUser":
		return nil, c.SetUser(ctx, a[0], a[1], madmin.AccountStatus(a[2]))
	case "RemoveUser":
		return nil, c.RemoveUser(ctx, a[0])
	case "SetUserStatus":
		return nil, c.SetUserStatus(ctx, a[0], madmin.AccountStatus(a[1]))
	case "GetUserInfo":
		return c.GetUserInfo(ctx, a[0])
	case "ListUsers":
		return c.ListUsers(ctx)
	case "UpdateGroupMembers":
		var g madmin.GroupAddRemove
		must(json.Unmarshal([]byte(a[0]), &g))
		return nil, c.UpdateGroupMembers(ctx, g)
	case "GetGroupDescription":
		return c.GetGroupDescription(ctx, a[0])
	case "ListGroups":
		return c.ListGroups(ctx)
	case "SetGroupStatus":
		return nil, c.SetGroupStatus(ctx, a[0], madmin.GroupStatus(a[1]))
	case "AddCannedPolicy":
		return nil, c.AddCannedPolicy(ctx, a[0], []byte(a[1]))
	case "RemoveCannedPolicy":
		return nil, c.RemoveCannedPolicy(ctx, a[0])
	case "InfoCannedPolicy":
		doc, err := c.InfoCannedPolicy(ctx, a[0])
		return json.RawMessage(doc), err
	case "InfoCannedPolicyV2":
		return c.InfoCannedPolicyV2(ctx, a[0])
	case "ListCannedPolicies":
		return c.ListCannedPolicies(ctx)
	case "SetPolicy":
		return nil, c.SetPolicy(ctx, a[0], a[1], a[2] == "true")
	case "AttachPolicy", "DetachPolicy", "AttachPolicyLDAP", "DetachPolicyLDAP":
		var r madmin.PolicyAssociationReq
		must(json.Unmarshal([]byte(a[0]), &r))
		return association(ctx, c, op, r)
	case "GetPolicyEntities", "GetLDAPPolicyEntities":
		var q madmin.PolicyEntitiesQuery
		must(json.Unmarshal([]byte(a[0]), &q))
		if op == "GetLDAPPolicyEntities" {
			return c.GetLDAPPolicyEntities(ctx, q)
		}
		return c.GetPolicyEntities(ctx, q)
	case "ServerInfo":
		return c.ServerInfo(ctx)
	case "AccountInfo":
		return c.AccountInfo(ctx, madmin.AccountOpts{PrefixUsage: len(a) > 0 && a[0] == "prefix-usage"})
	case "TemporaryAccountInfo":
		return c.TemporaryAccountInfo(ctx, a[0])
	case "AddServiceAccount":
		var r madmin.AddServiceAccountReq
		must(json.Unmarshal([]byte(a[0]), &r))
		return c.AddServiceAccount(ctx, r)
	case "ListServiceAccounts":
		return c.ListServiceAccounts(ctx, a[0])
	case "InfoServiceAccount":
		return c.InfoServiceAccount(ctx, a[0])
	case "UpdateServiceAccount":
		var r madmin.UpdateServiceAccountReq
		must(json.Unmarshal([]byte(a[1]), &r))
		return nil, c.UpdateServiceAccount(ctx, a[0], r)
	case "DeleteServiceAccount":
		return nil, c.DeleteServiceAccount(ctx, a[0])
	}
	return nil, fmt.Errorf("unknown op %s", op)
}

func association(ctx context.Context, c *madmin.AdminClient, op string, r madmin.PolicyAssociationReq) (interface{}, error) {
	switch op {
	case "AttachPolicy":
		return nil, c.AttachPolicy(ctx, r)
	case "DetachPolicy":
		return nil, c.DetachPolicy(ctx, r)
	case "AttachPolicyLDAP":
		return c.AttachPolicyLDAP(ctx, r)
	default:
		return c.DetachPolicyLDAP(ctx, r)
	}
}

// encrypt <password> <plaintext> → hex; decrypt <password> <hex> → plaintext.
func crypt(op string, a []string) {
	var out []byte
	var err error
	if op == "encrypt" {
		var b []byte
		b, err = madmin.EncryptData(a[0], []byte(a[1]))
		out = []byte(hex.EncodeToString(b))
	} else {
		var b []byte
		b, err = hex.DecodeString(strings.TrimSpace(a[1]))
		must(err)
		out, err = madmin.DecryptData(a[0], bytes.NewReader(b))
	}
	if err != nil {
		fail(err)
	}
	res, _ := json.Marshal(map[string]interface{}{"result": string(out)})
	fmt.Println(string(res))
}

func fail(err error) {
	e := madmin.ToErrorResponse(err)
	out, _ := json.Marshal(map[string]interface{}{"error": map[string]string{"code": e.Code, "message": err.Error()}})
	fmt.Println(string(out))
	os.Exit(0)
}

func must(err error) {
	if err != nil {
		fail(err)
	}
}
