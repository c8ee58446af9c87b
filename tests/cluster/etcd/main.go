// Command etcd runs a single-member etcd server on loopback URLs for the
// cluster tests. It embeds go.etcd.io/etcd/server/v3 at the version
// k8s.io/kubernetes requires, because Debian's etcd is older than kube-apiserver
// 1.34 supports.
//
// It prints "ready" on standard output once the server serves clients, and
// stops cleanly on SIGINT or SIGTERM.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

func main() {
	dataDir := flag.String("data-dir", "", "folder for the member's data (created with mode 0700)")
	clientURL := flag.String("client-url", "http://127.0.0.1:2379", "URL clients connect to")
	peerURL := flag.String("peer-url", "http://127.0.0.1:2380", "URL for peer traffic (unused by a single member, but required)")
	flag.Parse()
	if *dataDir == "" {
		log.Fatal("missing --data-dir")
	}

	config, err := newConfig(*dataDir, *clientURL, *peerURL)
	if err != nil {
		log.Fatal(err)
	}
	server, err := embed.StartEtcd(config)
	if err != nil {
		log.Fatalf("start etcd: %v", err)
	}
	defer server.Close()

	select {
	case <-server.Server.ReadyNotify():
		fmt.Println("ready")
	case <-time.After(60 * time.Second):
		server.Server.Stop()
		log.Fatal("etcd was not ready after 60s")
	}

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	select {
	case <-signals:
	case err := <-server.Err():
		log.Fatalf("etcd failed: %v", err)
	}
}

func newConfig(dataDir, clientURL, peerURL string) (*embed.Config, error) {
	client, err := url.Parse(clientURL)
	if err != nil {
		return nil, fmt.Errorf("invalid --client-url: %w", err)
	}
	peer, err := url.Parse(peerURL)
	if err != nil {
		return nil, fmt.Errorf("invalid --peer-url: %w", err)
	}

	config := embed.NewConfig()
	config.Name = "test"
	config.Dir = dataDir
	config.ListenClientUrls = []url.URL{*client}
	config.AdvertiseClientUrls = []url.URL{*client}
	config.ListenPeerUrls = []url.URL{*peer}
	config.AdvertisePeerUrls = []url.URL{*peer}
	config.InitialCluster = config.InitialClusterFromName(config.Name)
	// Test data need not survive a power loss, and fsync dominates write latency.
	config.UnsafeNoFsync = true
	config.LogLevel = "warn"
	return config, nil
}
