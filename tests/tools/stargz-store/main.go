// Command stargz-store is the NodeStorageAgent test suite's build of the stargz-store Additional Layer Store: our
// own small main around the real FUSE file system, package store of containerd/stargz-snapshotter (Debian's
// golang-github-containerd-stargz-snapshotter-dev, 0.12). It does what upstream's cmd/stargz-store/main.go does
// around store.NewLayerManager and store.Mount (create the mount point, mount, sd_notify READY=1 once mounted,
// unmount on SIGINT/SIGTERM), minus what the tests do not need (the credential gRPC socket, kubeconfig keychain,
// the bbolt metadata store) and without service/resolver, whose k8s cri-api dependency Debian does not package:
// registry hosts come straight from containerd's remotes/docker.RegistryHost, plain HTTP for loopback registries.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/containerd/containerd/reference"
	"github.com/containerd/containerd/remotes/docker"
	"github.com/containerd/stargz-snapshotter/fs/config"
	"github.com/containerd/stargz-snapshotter/fs/source"
	memorymetadata "github.com/containerd/stargz-snapshotter/metadata/memory"
	"github.com/containerd/stargz-snapshotter/store"
	"github.com/sirupsen/logrus"
)

func main() {
	root := flag.String("root", "/var/lib/stargz-store", "directory for the layer cache and fetched manifests")
	logLevel := flag.String("log-level", "info", "logrus level (trace, debug, info, warn, error)")
	noBackgroundFetch := flag.Bool("no-background-fetch", false,
		"fetch only what is read (upstream's no_background_fetch); tests use it to count lazily fetched bytes")
	noPrefetch := flag.Bool("no-prefetch", false, "skip the prefetch landmark (upstream's noprefetch)")
	flag.Parse()
	mountPoint := flag.Arg(0)
	if mountPoint == "" {
		fmt.Fprintln(os.Stderr, "usage: stargz-store [flags] MOUNTPOINT")
		os.Exit(2)
	}
	level, err := logrus.ParseLevel(*logLevel)
	if err != nil {
		fail("bad -log-level: %v", err)
	}
	logrus.SetLevel(level)

	if err := os.MkdirAll(mountPoint, 0o755); err != nil {
		fail("prepare mount point %q: %v", mountPoint, err)
	}
	cfg := config.Config{NoBackgroundFetch: *noBackgroundFetch, NoPrefetch: *noPrefetch, NoPrometheus: true}
	ctx := context.Background()
	manager, err := store.NewLayerManager(ctx, *root, registryHosts, memorymetadata.NewReader, cfg)
	if err != nil {
		fail("prepare layer manager: %v", err)
	}
	if err := store.Mount(ctx, mountPoint, manager, false); err != nil {
		fail("mount %q: %v", mountPoint, err)
	}
	// Like upstream: READY only once the mount answers, so Type=notify units order CRI-O after it.
	if err := notifyReady(); err != nil {
		logrus.WithError(err).Warn("sd_notify READY failed")
	}
	logrus.Infof("stargz-store mounted at %s (root %s)", mountPoint, *root)

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	logrus.Infof("got %v, unmounting", <-signals)
	if err := syscall.Unmount(mountPoint, 0); err != nil {
		logrus.WithError(err).Warn("unmount failed")
	}
}

// registryHosts answers every image reference with its own registry, no mirrors, anonymous pulls. Loopback
// registries (the tests' docker-registry on 127.0.0.1) are spoken to in plain HTTP, everything else in HTTPS.
func registryHosts(ref reference.Spec) ([]docker.RegistryHost, error) {
	host := ref.Hostname()
	scheme := "https"
	if isLoopback(host) {
		scheme = "http"
	}
	client := &http.Client{Transport: http.DefaultTransport}
	return []docker.RegistryHost{{
		Client:       client,
		Authorizer:   docker.NewDockerAuthorizer(docker.WithAuthClient(client)),
		Host:         host,
		Scheme:       scheme,
		Path:         "/v2",
		Capabilities: docker.HostCapabilityPull | docker.HostCapabilityResolve,
	}}, nil
}

var _ source.RegistryHosts = registryHosts

func isLoopback(hostPort string) bool {
	host, _, err := net.SplitHostPort(hostPort)
	if err != nil {
		host = hostPort
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// notifyReady sends READY=1 to $NOTIFY_SOCKET (sd_notify(3): one datagram; a leading '@' names an abstract
// socket). Written here because Debian packages go-systemd without its daemon package.
func notifyReady() error {
	socket := os.Getenv("NOTIFY_SOCKET")
	if socket == "" {
		return nil
	}
	if socket[0] == '@' {
		socket = "\x00" + socket[1:]
	}
	conn, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: socket, Net: "unixgram"})
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.Write([]byte("READY=1"))
	return err
}

func fail(format string, args ...interface{}) {
	logrus.Errorf(format, args...)
	os.Exit(1)
}
