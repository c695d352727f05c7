// Command estargz-image makes the eStargz test images of the NodeStorageAgent integration tests and is also the
// program those images run. Our code, built on the packaged estargz Go package of containerd/stargz-snapshotter
// (Debian's golang-github-containerd-stargz-snapshotter-dev, 0.12).
//
//	estargz-image build -layout DIR -tag TAG [-rootfs DIR] [-random /model.bin=SIZE_MB] [-self /bin/nsa-tool] -- ENTRYPOINT...
//	estargz-image cat FILE       print FILE (a container's whole job in the small image)
//	estargz-image read FILE [N]  print "started", then read FILE through (or its first N bytes) and print the
//	                             byte count and sha256 (the large image's "model loading" workload)
//
// build writes an OCI image layout with one eStargz layer whose manifest descriptor carries the TOC digest
// (containerd.io/snapshot/stargz/toc.digest) and uncompressed size (io.containers.estargz.uncompressed-size)
// annotations: stargz-store mounts a layer lazily only when its descriptor has the TOC digest (upstream
// containerd/stargz-snapshotter store/manager.go, resolveLayer; docs/estargz.md). Push the layout with
// skopeo copy oci:DIR:TAG docker://HOST/NAME:TAG.
package main

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/containerd/stargz-snapshotter/estargz"
	digest "github.com/opencontainers/go-digest"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "build":
		err = build(os.Args[2:])
	case "cat":
		err = catFile(os.Args[2:])
	case "read":
		err = readFile(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "estargz-image:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: estargz-image build -layout DIR -tag TAG [-rootfs DIR] [-random PATH=MB] [-self PATH] -- ENTRYPOINT... | cat FILE | read FILE [N]")
	os.Exit(2)
}

func catFile(args []string) error {
	if len(args) != 1 {
		usage()
	}
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(os.Stdout, f)
	return err
}

// readFile is the "model loading" workload: first output at once (what the benchmark times), then a full read.
func readFile(args []string) error {
	if len(args) != 1 && len(args) != 2 {
		usage()
	}
	fmt.Println("started")
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if len(args) == 2 {
		limit, err := strconv.ParseInt(args[1], 10, 64)
		if err != nil {
			return err
		}
		r = io.LimitReader(f, limit)
	}
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		return err
	}
	fmt.Printf("read %d bytes sha256:%x\n", n, h.Sum(nil))
	return nil
}

type options struct {
	layout, tag, rootfs, self string
	randomPath                string
	randomMB                  int64
	entrypoint                []string
}

func build(args []string) error {
	var o options
	var random string
	fs := flag.NewFlagSet("build", flag.ExitOnError)
	fs.StringVar(&o.layout, "layout", "", "OCI image layout directory to write")
	fs.StringVar(&o.tag, "tag", "latest", "tag (org.opencontainers.image.ref.name) in index.json")
	fs.StringVar(&o.rootfs, "rootfs", "", "directory whose files go into the layer")
	fs.StringVar(&random, "random", "", "PATH=MB: a file of MB MiB of incompressible pseudo-random bytes")
	fs.StringVar(&o.self, "self", "", "put this program into the layer at PATH (static; the image's workload)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	o.entrypoint = fs.Args()
	if o.layout == "" {
		return fmt.Errorf("-layout is required")
	}
	if random != "" {
		path, size, ok := strings.Cut(random, "=")
		mb, err := strconv.ParseInt(size, 10, 64)
		if !ok || err != nil || mb <= 0 {
			return fmt.Errorf("-random wants PATH=MB, got %q", random)
		}
		o.randomPath, o.randomMB = path, mb
	}
	return writeLayout(o)
}

func writeLayout(o options) error {
	blobs := filepath.Join(o.layout, "blobs", "sha256")
	if err := os.MkdirAll(blobs, 0o755); err != nil {
		return err
	}
	tarFile, err := os.CreateTemp(o.layout, "layer-*.tar")
	if err != nil {
		return err
	}
	defer os.Remove(tarFile.Name())
	defer tarFile.Close()
	if err := writeTar(tarFile, o); err != nil {
		return err
	}
	size, err := tarFile.Seek(0, io.SeekCurrent)
	if err != nil {
		return err
	}

	// Random bytes do not compress: the fastest gzip level keeps building a few hundred MiB in seconds.
	blob, err := estargz.Build(io.NewSectionReader(tarFile, 0, size), estargz.WithCompressionLevel(gzip.BestSpeed))
	if err != nil {
		return fmt.Errorf("estargz build: %w", err)
	}
	layer, err := storeBlob(blobs, blob)
	blob.Close()
	if err != nil {
		return err
	}
	uncompressed, err := gunzippedSize(filepath.Join(blobs, layer.Digest.Encoded()))
	if err != nil {
		return err
	}

	config, err := storeJSON(blobs, map[string]interface{}{
		"architecture": "amd64",
		"os":           "linux",
		"created":      time.Unix(0, 0).UTC().Format(time.RFC3339),
		"config":       map[string]interface{}{"Entrypoint": o.entrypoint},
		"rootfs":       map[string]interface{}{"type": "layers", "diff_ids": []string{blob.DiffID().String()}},
	})
	if err != nil {
		return err
	}
	config.MediaType = "application/vnd.oci.image.config.v1+json"
	layer.MediaType = "application/vnd.oci.image.layer.v1.tar+gzip"
	layer.Annotations = map[string]string{
		estargz.TOCJSONDigestAnnotation:         blob.TOCDigest().String(),
		estargz.StoreUncompressedSizeAnnotation: strconv.FormatInt(uncompressed, 10),
	}
	manifest, err := storeJSON(blobs, map[string]interface{}{
		"schemaVersion": 2,
		"mediaType":     "application/vnd.oci.image.manifest.v1+json",
		"config":        config,
		"layers":        []descriptor{layer},
	})
	if err != nil {
		return err
	}
	manifest.MediaType = "application/vnd.oci.image.manifest.v1+json"
	manifest.Annotations = map[string]string{"org.opencontainers.image.ref.name": o.tag}
	index, err := json.Marshal(map[string]interface{}{"schemaVersion": 2, "manifests": []descriptor{manifest}})
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(o.layout, "index.json"), index, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(o.layout, "oci-layout"), []byte(`{"imageLayoutVersion":"1.0.0"}`), 0o644); err != nil {
		return err
	}
	fmt.Printf("layer %s size %d toc %s\n", layer.Digest, layer.Size, blob.TOCDigest())
	return nil
}

type descriptor struct {
	MediaType   string            `json:"mediaType"`
	Digest      digest.Digest     `json:"digest"`
	Size        int64             `json:"size"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

func writeTar(w io.Writer, o options) error {
	tw := tar.NewWriter(w)
	if o.rootfs != "" {
		err := filepath.Walk(o.rootfs, func(path string, info os.FileInfo, err error) error {
			if err != nil || path == o.rootfs {
				return err
			}
			rel, err := filepath.Rel(o.rootfs, path)
			if err != nil {
				return err
			}
			return addFromHost(tw, path, rel, info)
		})
		if err != nil {
			return err
		}
	}
	if o.self != "" {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		if err := addParents(tw, o.self); err != nil {
			return err
		}
		info, err := os.Stat(exe)
		if err != nil {
			return err
		}
		if err := addFromHost(tw, exe, strings.TrimPrefix(o.self, "/"), info); err != nil {
			return err
		}
	}
	if o.randomPath != "" {
		if err := addParents(tw, o.randomPath); err != nil {
			return err
		}
		size := o.randomMB << 20
		hdr := &tar.Header{Name: strings.TrimPrefix(o.randomPath, "/"), Mode: 0o644, Size: size, Typeflag: tar.TypeReg, ModTime: time.Unix(0, 0)}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		// Seeded per run from the clock: every build is new content, so no cache on the node already has it.
		source := rand.New(rand.NewSource(time.Now().UnixNano()))
		if _, err := io.CopyN(tw, source, size); err != nil {
			return err
		}
	}
	return tw.Close()
}

func addParents(tw *tar.Writer, path string) error {
	dir := filepath.Dir(strings.TrimPrefix(path, "/"))
	if dir == "." {
		return nil
	}
	var parts []string
	for _, p := range strings.Split(dir, "/") {
		parts = append(parts, p)
		hdr := &tar.Header{Name: strings.Join(parts, "/") + "/", Mode: 0o755, Typeflag: tar.TypeDir, ModTime: time.Unix(0, 0)}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
	}
	return nil
}

func addFromHost(tw *tar.Writer, path, name string, info os.FileInfo) error {
	hdr, err := tar.FileInfoHeader(info, "")
	if err != nil {
		return err
	}
	hdr.Name = name
	if info.IsDir() {
		hdr.Name += "/"
	}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(tw, f)
	return err
}

func storeBlob(dir string, r io.Reader) (descriptor, error) {
	tmp, err := os.CreateTemp(dir, "blob-*")
	if err != nil {
		return descriptor{}, err
	}
	defer os.Remove(tmp.Name())
	digester := digest.Canonical.Digester()
	size, err := io.Copy(io.MultiWriter(tmp, digester.Hash()), r)
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return descriptor{}, err
	}
	d := digester.Digest()
	return descriptor{Digest: d, Size: size}, os.Rename(tmp.Name(), filepath.Join(dir, d.Encoded()))
}

func storeJSON(dir string, v interface{}) (descriptor, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return descriptor{}, err
	}
	return storeBlob(dir, strings.NewReader(string(data)))
}

// gunzippedSize is the size of the decompressed eStargz blob (tar, TOC and footer), which the uncompressed-size
// annotation states.
func gunzippedSize(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return 0, err
	}
	return io.Copy(io.Discard, zr)
}
