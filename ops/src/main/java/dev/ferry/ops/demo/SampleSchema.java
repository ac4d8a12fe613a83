package dev.ferry.ops.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The demo's source database: a small shop of related tables (customers, products, orders, order
 * items) with the types migrations trip over (numeric, timestamptz, date, jsonb, uuid, bytea,
 * NULLs), filled server-side with {@code generate_series}.
 */
public final class SampleSchema {

    public static final String SCHEMA = "public";
    public static final List<String> TABLES = List.of("customers", "products", "orders", "order_items");

    private SampleSchema() {
    }

    /**
     * Creates and fills the tables.
     *
     * @param rows customers and orders; products are a tenth of it (at least 50), order items twice it
     */
    public static void create(Connection c, int rows) throws SQLException {
        int products = Math.max(50, rows / 10);
        try (Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE customers (
                      id bigint PRIMARY KEY, name text NOT NULL, email varchar(200), created_at timestamptz NOT NULL,
                      balance numeric(12,2), active boolean, profile jsonb, external_id uuid)""");
            s.execute("""
                    CREATE TABLE products (
                      id int PRIMARY KEY, sku varchar(32) NOT NULL UNIQUE, title text, price numeric(10,2),
                      stock int, attributes jsonb, thumbnail bytea)""");
            s.execute("""
                    CREATE TABLE orders (
                      id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers(id),
                      ordered_at timestamptz NOT NULL, status varchar(20) NOT NULL, total numeric(12,2),
                      note text, ship_date date)""");
            s.execute("""
                    CREATE TABLE order_items (
                      order_id bigint REFERENCES orders(id) ON DELETE CASCADE, line_no int,
                      product_id int NOT NULL REFERENCES products(id), quantity int NOT NULL,
                      unit_price numeric(10,2) NOT NULL, PRIMARY KEY (order_id, line_no))""");
            s.execute("""
                    INSERT INTO customers
                    SELECT i, 'Customer ' || i || CASE WHEN i %% 7 = 0 THEN ' ünïcødé 🚢' ELSE '' END,
                           CASE WHEN i %% 11 = 0 THEN NULL ELSE 'c' || i || '@example.com' END,
                           timestamptz '2020-01-01 00:00:00+00' + i * interval '1 minute 7.123456 seconds',
                           (i %% 100000) / 100.0, CASE WHEN i %% 13 = 0 THEN NULL ELSE i %% 3 <> 0 END,
                           jsonb_build_object('tier', i %% 5, 'tags', jsonb_build_array('a', 'b')),
                           md5(i::text)::uuid
                    FROM generate_series(1, %d) i""".formatted(rows));
            s.execute("""
                    INSERT INTO products
                    SELECT i, 'SKU-' || lpad(i::text, 8, '0'), 'Product ' || i, (i %% 5000) / 7.0 + 0.99, i %% 400,
                           CASE WHEN i %% 4 = 0 THEN NULL ELSE jsonb_build_object('color', 'c' || (i %% 9)) END,
                           decode(md5(i::text), 'hex')
                    FROM generate_series(1, %d) i""".formatted(products));
            s.execute("""
                    INSERT INTO orders
                    SELECT i, 1 + (i * 7919) %% %d, timestamptz '2023-06-01 12:00:00+02' + i * interval '13 minutes',
                           (ARRAY['new', 'paid', 'shipped', 'delivered'])[1 + i %% 4], (i %% 90000) / 10.0,
                           CASE WHEN i %% 5 = 0 THEN NULL ELSE 'note ' || i END,
                           date '2023-06-01' + (i %% 400)
                    FROM generate_series(1, %d) i""".formatted(rows, rows));
            s.execute("""
                    INSERT INTO order_items
                    SELECT o, l, 1 + (o * 31 + l) %% %d, 1 + (o + l) %% 5, ((o * 31 + l) %% 5000) / 7.0 + 0.99
                    FROM generate_series(1, %d) o, generate_series(1, 2) l""".formatted(products, rows));
            s.execute("ANALYZE");
        }
    }
}
