// The generated client (client/) is written for browsers and names the DOM lib's BodyInit, which Node's types,
// the only ones the tests compile with, do not declare globally.
type BodyInit = NonNullable<RequestInit['body']>;
