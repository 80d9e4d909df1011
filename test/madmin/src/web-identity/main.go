// web-identity is MinIO's STS sample flow (minio/minio docs/sts/web-identity.go) with minio-go v7
// from Debian (golang-github-minio-minio-go-v7-dev): AssumeRoleWithWebIdentity with an id_token,
// then S3 with the temporary credentials — it puts an object (minio-go streams it over plain HTTP as
// STREAMING-AWS4-HMAC-SHA256-PAYLOAD), reads it back and prints the bucket list as one JSON line.
// Built by test/s3-minio-go.e2e-spec.ts in GOPATH mode, offline (see scripts/lib/madmin-go.mjs).
//
// Usage: STS_ENDPOINT=http://127.0.0.1:9000 ID_TOKEN=… BUCKET=… web-identity
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"

	minio "github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

func main() {
	endpoint, err := url.Parse(os.Getenv("STS_ENDPOINT"))
	if err != nil {
		fail(err)
	}
	creds, err := credentials.NewSTSWebIdentity(endpoint.String(), func() (*credentials.WebIdentityToken, error) {
		return &credentials.WebIdentityToken{Token: os.Getenv("ID_TOKEN"), Expiry: 900}, nil
	})
	if err != nil {
		fail(err)
	}
	client, err := minio.New(endpoint.Host, &minio.Options{Creds: creds, Secure: false})
	if err != nil {
		fail(err)
	}
	ctx := context.Background()
	bucket := os.Getenv("BUCKET")
	body := bytes.Repeat([]byte("minio-go "), 20000)
	if _, err := client.PutObject(ctx, bucket, "from-minio-go.txt", bytes.NewReader(body), int64(len(body)), minio.PutObjectOptions{}); err != nil {
		fail(err)
	}
	object, err := client.GetObject(ctx, bucket, "from-minio-go.txt", minio.GetObjectOptions{})
	if err != nil {
		fail(err)
	}
	read, err := io.ReadAll(object)
	if err != nil {
		fail(err)
	}
	buckets, err := client.ListBuckets(ctx)
	if err != nil {
		fail(err)
	}
	names := []string{}
	for _, b := range buckets {
		names = append(names, b.Name)
	}
	out, _ := json.Marshal(map[string]interface{}{"buckets": names, "roundTrip": bytes.Equal(read, body)})
	fmt.Println(string(out))
}

func fail(err error) {
	resp := minio.ToErrorResponse(err)
	out, _ := json.Marshal(map[string]interface{}{"error": map[string]string{"code": resp.Code, "message": err.Error()}})
	fmt.Println(string(out))
	os.Exit(1)
}
