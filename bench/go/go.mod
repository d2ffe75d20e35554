module gmp-agent/bench

go 1.19
