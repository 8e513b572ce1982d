package io.mailsov.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailsov.dns.server.AuthoritativeServer;
import io.mailsov.dns.server.Faults;
import io.mailsov.dns.server.ZoneData;
import io.mailsov.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;

/**
 * A warehouse on HDFS: Hadoop's mini-cluster (one name node, one data node) inside the test JVM,
 * scanned into by URI, rerun, and read back with its manifest, as on a real cluster's HDFS.
 */
class HdfsWarehouseTest {
  @TempDir static Path dir;
  private static MiniDFSCluster hdfs;
  private static AuthoritativeServer server;

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    conf.set("dfs.namenode.rpc-address", "127.0.0.1:0");
    conf.set("dfs.datanode.address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();

    Name outlook = Name.fromConstantString("x-nl.mail.protection.outlook.com.");
    server =
        AuthoritativeServer.start(
            ZoneData.of(
                List.of(
                    new MXRecord(Name.fromConstantString("a.nl."), DClass.IN, 60, 10, outlook),
                    new MXRecord(Name.fromConstantString("b.nl."), DClass.IN, 60, 10, outlook))),
            Faults.none());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  private static void scan(Path list, String warehouse, String scanId) {
    Cli.quickMxScan(list, warehouse, scanId, server.port());
  }

  @Test
  void scansIntoAnHdfsUriAndRerunsReplaceTheScan() throws Exception {
    Path both = dir.resolve("both.txt");
    Files.writeString(both, "a.nl\nb.nl\nnot a domain\n");
    Path one = dir.resolve("one.txt");
    Files.writeString(one, "b.nl\n");
    String warehouse = hdfs.getFileSystem().getUri() + "/mailsov/warehouse";

    scan(both, warehouse, "20261201");
    scan(one, warehouse, "20261201");

    SparkSession spark = SparkSession.active();
    List<String> domains =
        spark
            .read()
            .format("delta")
            .load(warehouse + "/domain_results")
            .select("domain")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    assertThat(domains).containsExactly("b.nl");
    assertThat(spark.read().format("delta").load(warehouse + "/rejects").count()).isZero();
    assertThat(spark.read().format("delta").load(warehouse + "/scans").count()).isEqualTo(1);

    FileSystem fs = hdfs.getFileSystem();
    org.apache.hadoop.fs.Path manifest =
        new org.apache.hadoop.fs.Path(
            "/mailsov/warehouse/domain_results/_symlink_format_manifest/scan_id=20261201/manifest");
    assertThat(fs.exists(manifest)).as("manifest on HDFS").isTrue();
    String listed =
        new String(fs.open(manifest).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(listed.lines().filter(l -> !l.isBlank()))
        .as("files of the current snapshot")
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).startsWith("hdfs://"));
  }
}
