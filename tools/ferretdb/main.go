// Command ferretdb runs FerretDB 1.24 through its embeddable package, backed by PostgreSQL.
//
// `go install github.com/FerretDB/FerretDB@v1.24.2` builds a binary that panics at start (its
// build/version/version.txt is generated, not in the module: FerretDB issue #2982); the embeddable
// package does not need that file, so this wrapper is how the tests and development get a server.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
	"github.com/jackc/pgx/v5"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	pgURL := flag.String("postgresql-url", "postgres://127.0.0.1:5432/ferretdb", "PostgreSQL connection string")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	createDatabase := flag.Bool("create-database", false, "create the PostgreSQL database of -postgresql-url if missing")
	flag.Parse()

	if *createDatabase {
		if err := ensureDatabase(*pgURL); err != nil {
			fail(err)
		}
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail(err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *listen},
		Logger:        logger,
		Handler:       "postgresql",
		PostgreSQLURL: *pgURL,
	})
	if err != nil {
		fail(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()

	// Run binds the listener; MongoDBURI waits for it. The parent process reads this line to learn the URL.
	fmt.Println("listening " + f.MongoDBURI())
	<-done
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "ferretdb:", err)
	os.Exit(1)
}

// ensureDatabase creates the database named in pgURL with a collation FerretDB accepts (it refuses others).
func ensureDatabase(pgURL string) error {
	config, err := pgx.ParseConfig(pgURL)
	if err != nil {
		return err
	}
	name := config.Database
	config.Database = "postgres"
	// Pool settings such as pool_max_conns are FerretDB's; sent to the server they are unknown parameters.
	for key := range config.RuntimeParams {
		if strings.HasPrefix(key, "pool_") {
			delete(config.RuntimeParams, key)
		}
	}

	ctx := context.Background()
	conn, err := pgx.ConnectConfig(ctx, config)
	if err != nil {
		return fmt.Errorf("cannot reach PostgreSQL: %w", err)
	}
	defer conn.Close(ctx)

	var exists bool
	if err = conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	sql := fmt.Sprintf("CREATE DATABASE %s TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'", pgx.Identifier{name}.Sanitize())
	_, err = conn.Exec(ctx, sql)
	return err
}
