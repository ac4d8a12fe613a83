-- A small sample for the docker-compose pipeline.
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, email varchar(200), created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers(id), total numeric(12,2), status varchar(20));
INSERT INTO customers SELECT i, 'Customer ' || i, 'c' || i || '@example.com' FROM generate_series(1, 1000) i;
INSERT INTO orders SELECT i, 1 + i % 1000, (i % 10000) / 100.0, 'new' FROM generate_series(1, 3000) i;
