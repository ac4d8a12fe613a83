package dev.ferry.ops.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.config.DbType;
import dev.ferry.ops.schema.SchemaObject.Kind;
import dev.ferry.transform.DeleteMode;
import dev.ferry.transform.TableMapping;
import dev.ferry.transform.mapping.ColumnRule;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObjectPlanTest {

    private static final TableMapping MAPPING = new TableMapping("legacy", "raw", "fresh", "clients", "mapped",
            Map.of("email", List.of(new ColumnRule.Rename("email_address")), "notes", List.of(new ColumnRule.Drop())),
            null, Map.of(), null, DeleteMode.HARD, null, List.of());

    private static ObjectPlan.Planned plan(SchemaObject o, DbType target) {
        return ObjectPlan.plan(List.of(o), MAPPING, target, r -> r.table().equals("countries")
                ? Optional.of(new ObjectPlan.Parent("nations", new TableMapping("legacy", "raw2", "fresh", "nations",
                "mapped2", Map.of("code", "iso"))))
                : Optional.empty()).get(0);
    }

    private static SchemaObject plain(Kind kind, String name, String... columns) {
        return new SchemaObject(kind, name, List.of(columns), true, kind == Kind.INDEX ? "btree" : null, false, null,
                DbType.POSTGRES);
    }

    @Test
    void aPlainIndexFollowsARename() {
        ObjectPlan.Planned p = plan(plain(Kind.INDEX, "customers_email", "email", "id"), DbType.POSTGRES);
        assertEquals(List.of("email_address", "id"), p.target().columns());
        assertEquals("index customers_email (email_address, id)", p.target().describe());
    }

    @Test
    void anIndexOnADroppedColumnIsNotCarriedAndSaysWhy() {
        ObjectPlan.Planned p = plan(plain(Kind.INDEX, "customers_notes", "notes"), DbType.POSTGRES);
        assertNull(p.target());
        assertEquals("column notes is not copied (the mapping drops it or does not keep it)", p.notCarried());
    }

    @Test
    void anExpressionOverARenamedColumnIsNotRewritten() {
        SchemaObject check = new SchemaObject(Kind.CHECK, "email_check", List.of("email"), false,
                "CHECK ((email ~~ '%@%'::text))", false, null, DbType.POSTGRES);
        assertTrue(plan(check, DbType.POSTGRES).notCarried().contains("renames, casts or masks"));
        SchemaObject other = new SchemaObject(Kind.CHECK, "id_check", List.of("id"), false, "CHECK ((id > 0))", false, null,
                DbType.POSTGRES);
        assertEquals("CHECK ((id > 0))", plan(other, DbType.POSTGRES).target().detail());
        assertTrue(plan(other, DbType.MARIADB).notCarried().contains("PostgreSQL SQL"));
    }

    @Test
    void aForeignKeyPointsAtItsParentsTargetTableAndColumns() {
        SchemaObject fk = new SchemaObject(Kind.FOREIGN_KEY, "clients_country_fkey", List.of("country"), true,
                "ON UPDATE NO ACTION ON DELETE CASCADE", false,
                new SchemaObject.Reference("public", "countries", List.of("code")), DbType.POSTGRES);
        ObjectPlan.Planned p = plan(fk, DbType.MARIADB);
        assertEquals(new SchemaObject.Reference(null, "nations", List.of("iso")), p.target().references());
        SchemaObject orphan = new SchemaObject(Kind.FOREIGN_KEY, "clients_region_fkey", List.of("region"), true, "", false,
                new SchemaObject.Reference("public", "regions", List.of("id")), DbType.POSTGRES);
        assertEquals("its parent table public.regions is not copied to this target", plan(orphan, DbType.POSTGRES).notCarried());
    }

    @Test
    void aUniqueConstraintAndAPlainUniqueIndexAreTheSameObject() {
        SchemaObject constraint = new SchemaObject(Kind.UNIQUE, "a_key", List.of("sku"), true, null, true, null, DbType.MARIADB);
        SchemaObject index = new SchemaObject(Kind.INDEX, "by_sku", List.of("sku"), true, "btree", true, null, DbType.POSTGRES);
        assertEquals(constraint.signature(), index.signature());
    }

    @Test
    void statementsNameTheTargetTableAndValidateForeignKeysSeparately() {
        SchemaObject fk = new SchemaObject(Kind.FOREIGN_KEY, "fk", List.of("country"), true,
                "ON UPDATE NO ACTION ON DELETE CASCADE DEFERRABLE", false,
                new SchemaObject.Reference(null, "nations", List.of("iso")), DbType.POSTGRES);
        ObjectDdl.Creation pg = new PostgresObjectDdl().create(fk, "app", "clients");
        assertEquals(List.of("ALTER TABLE \"app\".\"clients\" ADD CONSTRAINT \"fk\" FOREIGN KEY (\"country\") REFERENCES"
                + " \"app\".\"nations\" (\"iso\") ON UPDATE NO ACTION ON DELETE CASCADE DEFERRABLE NOT VALID"), pg.statements());
        assertEquals("ALTER TABLE \"app\".\"clients\" VALIDATE CONSTRAINT \"fk\"", pg.validate());
        assertEquals(List.of("ALTER TABLE `shop`.`clients` ADD CONSTRAINT `fk` FOREIGN KEY (`country`) REFERENCES"
                + " `shop`.`nations` (`iso`) ON UPDATE NO ACTION ON DELETE CASCADE"),
                new MariaDbObjectDdl().create(fk, "shop", "clients").statements());
    }

    @Test
    void aLiteralDefaultCrossesDatabasesAndAnExpressionDoesNot() {
        assertEquals(Optional.of("'new'"), ObjectPlan.portableLiteral("'new'::text"));
        assertEquals(Optional.of("'it''s'"), ObjectPlan.portableLiteral("'it''s'::character varying"));
        assertEquals(Optional.of("-1"), ObjectPlan.portableLiteral("'-1'::integer"));
        assertEquals(Optional.of("0.00"), ObjectPlan.portableLiteral("0.00"));
        assertEquals(Optional.empty(), ObjectPlan.portableLiteral("now()"));
        assertEquals(Optional.empty(), ObjectPlan.portableLiteral("current_timestamp()"));
        assertEquals(Optional.empty(), ObjectPlan.portableLiteral("'a\\b'"));
        SchemaObject dflt = new SchemaObject(Kind.DEFAULT, "status", List.of("status"), true, "'new'::text", false, null,
                DbType.POSTGRES);
        assertEquals("'new'", plan(dflt, DbType.MARIADB).target().detail());
    }
}
