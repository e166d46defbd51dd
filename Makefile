# reportsite — the two commands a newcomer needs are `make site` and `make test`.
GO          ?= go
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.6.1
FUZZTIME    ?= 60s
PORT        ?= 8080
HUGO        ?=

.PHONY: site test serve bench pgo lint fuzz clean

site: ## build public/ from seeds/, content/, data/ and layouts/
	$(GO) run ./cmd/reportsite build
	@echo "Open public/index.html in a browser, or run 'make serve' and visit http://127.0.0.1:$(PORT)/"

test: ## the full suite: vet, unit, golden, whole-site and browser tests
	$(GO) vet ./...
	$(GO) test -count=1 ./...

serve: ## build in memory, serve on http://127.0.0.1:$(PORT)/, rebuild and reload the browser on every change
	$(GO) run ./cmd/reportsite serve -port $(PORT)

bench: ## archives of 1, 10 and 50 synthetic reports vs the I/O floor (and Hugo with HUGO=1), plus Go benchmarks
	HUGO=$(HUGO) GO=$(GO) scripts/bench.sh

pgo: ## refresh cmd/reportsite/default.pgo, the CPU profile go build optimizes reportsite with
	GO=$(GO) scripts/pgo.sh

fuzz: ## every fuzz target for FUZZTIME each (default 60s)
	FUZZTIME=$(FUZZTIME) GO=$(GO) scripts/fuzz.sh

lint: ## gofmt, go vet and staticcheck
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

clean:
	rm -rf public
