package org.minqing.jobs.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.minqing.datasets.schema.Column;
import org.minqing.datasets.schema.ColumnType;
import org.minqing.datasets.schema.Table;

/** Spark types for the schemas declared in {@code datasets}. */
public final class SparkSchemas {
  private SparkSchemas() {}

  public static DataType type(ColumnType t) {
    return switch (t) {
      case STRING -> DataTypes.StringType;
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
      case TIMESTAMP -> DataTypes.TimestampType;
      case DATE -> DataTypes.DateType;
      case STRING_ARRAY -> DataTypes.createArrayType(DataTypes.StringType, false);
      case INT_ARRAY -> DataTypes.createArrayType(DataTypes.IntegerType, false);
    };
  }

  /** The table's schema, column docs as field comments. */
  public static StructType of(Table t) {
    List<StructField> fields = new ArrayList<>();
    for (Column c : t.columns()) {
      Metadata md = new MetadataBuilder().putString("comment", c.doc()).build();
      fields.add(DataTypes.createStructField(c.name(), type(c.type()), c.nullable(), md));
    }
    return DataTypes.createStructType(fields);
  }

  /** Column names of the table, in order, for {@code select}. */
  public static org.apache.spark.sql.Column[] columns(Table t) {
    return t.columns().stream().map(c -> org.apache.spark.sql.functions.col(c.name())).toArray(org.apache.spark.sql.Column[]::new);
  }
}
