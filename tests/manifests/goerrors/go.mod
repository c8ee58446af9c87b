module kubeship.invalid/goerrors

go 1.22
