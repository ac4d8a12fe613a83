package dev.ferry.ops.schema;

import dev.ferry.ops.config.DbType;

/**
 * The statements that give a target table one schema object, per database family.
 */
interface ObjectDdl {

    /**
     * How to create an object.
     *
     * @param statements run in order, each on its own
     * @param validate run after them (a foreign key added {@code NOT VALID} is validated); may be null
     * @param undo run when {@code validate} fails, so an unvalidated constraint never refuses the sink's rows; may be null
     * @param cannot why this database cannot be given the object this way (then nothing else is set)
     */
    record Creation(java.util.List<String> statements, String validate, String undo, String cannot) {

        static Creation of(String... statements) {
            return new Creation(java.util.List.of(statements), null, null, null);
        }

        static Creation cannot(String why) {
            return new Creation(java.util.List.of(), null, null, why);
        }
    }

    /** @param o the object in the target's column names; a foreign key's parent is in {@code schema} */
    Creation create(SchemaObject o, String schema, String table);

    static ObjectDdl of(DbType type) {
        return type == DbType.POSTGRES ? new PostgresObjectDdl() : new MariaDbObjectDdl();
    }
}
