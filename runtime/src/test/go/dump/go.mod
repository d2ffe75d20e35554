module dump

go 1.19
