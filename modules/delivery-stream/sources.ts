import { IRoleLike } from "../core/iam";
import { isUnresolved, Validator } from "../core/validation";
import * as Patterns from "../core/patterns";

/** Terraform does not model Direct PUT explicitly: it is the absence of a source block. */
export type SourceKind = "DirectPut" | "KinesisStreamAsSource" | "MSKAsSource";

/** Source block fields of `aws_kinesis_firehose_delivery_stream` a source renders. */
export interface SourceBinding {
  readonly kinesisSourceConfiguration?: { kinesisStreamArn: string; roleArn: string };
  readonly mskSourceConfiguration?: {
    mskClusterArn: string;
    topicName: string;
    readFromTimestamp?: string;
    authenticationConfiguration: { connectivity: string; roleArn: string };
  };
}

/** Where the delivery stream reads from. */
export interface ISource {
  readonly kind: SourceKind;
  validate(v: Validator, path: string): void;
  /** Grants the read permissions the source needs to `role` and renders the source block. */
  bind(role: IRoleLike): SourceBinding;
}

/** Producers call PutRecord/PutRecordBatch on the stream (the default). */
export class DirectPutSource implements ISource {
  public readonly kind = "DirectPut" as const;
  public validate(): void {}
  public bind(): SourceBinding {
    return {};
  }
}

export interface KinesisStreamSourceProps {
  /** ARN of the Kinesis data stream, `arn:aws:kinesis:<region>:<account>:stream/<name>`. */
  readonly streamArn: string;
  /** KMS key encrypting the data stream, when it uses a customer-managed key: the role gets `kms:Decrypt` on it. */
  readonly kmsKeyArn?: string;
}

/** Rule S1: the Kinesis data stream ARN of a Kinesis source. Shared by the source props and the rendered stream. */
export function validateKinesisSourceArn(v: Validator, path: string, streamArn: string | undefined): void {
  v.pattern(streamArn, Patterns.KINESIS_STREAM_ARN, path, "S1", "Kinesis stream ARN");
}

/** Where the MSK source fields are in the user's configuration: the source props or the rendered block. */
export interface MskSourceFields {
  readonly clusterArn: string;
  readonly topicName: string;
  readonly connectivity: string;
  readonly readFromTimestamp: string;
}

const MSK_SOURCE_PROP_FIELDS: MskSourceFields = { clusterArn: "clusterArn", topicName: "topicName", connectivity: "connectivity", readFromTimestamp: "readFromTimestamp" };

export const MSK_SOURCE_TERRAFORM_FIELDS: MskSourceFields = {
  clusterArn: "msk_cluster_arn",
  topicName: "topic_name",
  connectivity: "authentication_configuration.connectivity",
  readFromTimestamp: "read_from_timestamp",
};

/**
 * Rule S4 (API MSKSourceConfiguration): a cluster ARN, a topic of 1-255 `[a-zA-Z0-9._-]`, connectivity PUBLIC or
 * PRIVATE, a start time in RFC 3339. Shared by the source props and the rendered stream; unknown values are skipped.
 */
export function validateMskSource(
  v: Validator,
  path: string,
  values: { readonly clusterArn?: string; readonly topicName?: string; readonly connectivity?: string; readonly readFromTimestamp?: string },
  f: MskSourceFields = MSK_SOURCE_PROP_FIELDS,
): void {
  const at = (field: string): string => (path ? `${path}.${field}` : field);
  v.pattern(values.clusterArn, Patterns.MSK_CLUSTER_ARN, at(f.clusterArn), "S4", "MSK cluster ARN");
  v.length(values.topicName, 1, 255, at(f.topicName), "S4", "MSK topic name");
  v.pattern(values.topicName, Patterns.MSK_TOPIC_NAME, at(f.topicName), "S4", "MSK topic name");
  v.oneOf(values.connectivity, ["PUBLIC", "PRIVATE"], at(f.connectivity), "S4", "MSK connectivity");
  const ts = values.readFromTimestamp;
  if (ts !== undefined && !isUnresolved(ts)) {
    const name = f.readFromTimestamp.split(".").pop();
    v.require(typeof ts === "string" && Patterns.RFC3339_TIMESTAMP.re.test(ts) && !Number.isNaN(Date.parse(ts)), at(f.readFromTimestamp), "S4", `${name} must be ${Patterns.RFC3339_TIMESTAMP.what}`, ts);
  }
}

/** Where the server-side encryption settings are in the user's configuration, and the key type values it takes. */
export interface ServerSideEncryptionFields {
  /** Where S2 (encryption with a Kinesis or MSK source) is reported. */
  readonly enabled: string;
  readonly keyType: string;
  readonly keyArn: string;
  /** Every key type value accepted there. */
  readonly keyTypes: readonly string[];
  readonly awsOwned: string;
  readonly customerManaged: string;
}

/** The known server-side encryption values (undefined: not set, or not known), and whether each field is set at all. */
export interface ServerSideEncryptionValues {
  readonly enabled?: boolean;
  readonly keyType?: string;
  readonly keyTypeGiven: boolean;
  readonly keyArn?: string;
  readonly keyArnGiven: boolean;
  /** What an S2 problem shows as received. */
  readonly received?: unknown;
}

/**
 * Rules S2 (server-side encryption only for Direct PUT: a Kinesis or MSK source is encrypted at its source) and S3
 * (key type, and a key ARN exactly with a customer-managed key). Shared by the delivery stream's `encryption` prop and
 * the rendered `server_side_encryption` block.
 */
export function validateServerSideEncryption(v: Validator, values: ServerSideEncryptionValues, sourceKind: SourceKind | undefined, f: ServerSideEncryptionFields): void {
  const { enabled, keyType } = values;
  v.oneOf(keyType, f.keyTypes, f.keyType, "S3", "encryption type");
  if (enabled === true && sourceKind !== undefined && sourceKind !== "DirectPut") {
    v.error(f.enabled, "S2", `server-side encryption is only available for Direct PUT streams; encrypt the source instead (source is ${sourceKind})`, values.received);
  }
  const keyArnName = f.keyArn.split(".").pop();
  if (enabled !== false && keyType === f.customerManaged && (!values.keyArnGiven || values.keyArn === "")) {
    v.error(f.keyArn, "S3", `${f.customerManaged} encryption needs ${keyArnName}`, values.keyArn);
  }
  if ((keyType === f.awsOwned || !values.keyTypeGiven) && values.keyArnGiven && values.keyArn !== "") {
    v.error(f.keyArn, "S3", `${keyArnName} is given only with ${f.customerManaged} encryption`, values.keyArn);
  }
  v.pattern(values.keyArn || undefined, Patterns.KMS_KEY_OR_ALIAS_ARN, f.keyArn, "S3", "KMS key ARN");
}

/** Reads from a Kinesis data stream (rule S1). The stream cannot then be encrypted with SSE (rule S2). */
export class KinesisStreamSource implements ISource {
  public readonly kind = "KinesisStreamAsSource" as const;
  constructor(public readonly props: KinesisStreamSourceProps) {}

  public validate(v: Validator, path: string): void {
    v.required(this.props?.streamArn, `${path}.streamArn`, "string", "the Kinesis data stream ARN");
    validateKinesisSourceArn(v, `${path}.streamArn`, this.props?.streamArn);
  }

  public bind(role: IRoleLike): SourceBinding {
    role.addToPolicy({
      sid: "ReadSourceStream",
      actions: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"],
      resources: [this.props.streamArn],
    });
    if (this.props.kmsKeyArn) {
      role.addToPolicy({ sid: "DecryptSourceStream", actions: ["kms:Decrypt"], resources: [this.props.kmsKeyArn] });
    }
    return { kinesisSourceConfiguration: { kinesisStreamArn: this.props.streamArn, roleArn: role.roleArn } };
  }
}

export interface MskSourceProps {
  /** ARN of the MSK cluster, `arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>`. */
  readonly clusterArn: string;
  /** Topic to read, 1-255 characters of `[a-zA-Z0-9._-]`. */
  readonly topicName: string;
  /** @default "PRIVATE" */
  readonly connectivity?: "PUBLIC" | "PRIVATE";
  /** RFC 3339 timestamp to start reading from; `1970-01-01T00:00:00Z` reads from the earliest offset. */
  readonly readFromTimestamp?: string;
  /**
   * ARN prefix of the cluster's topics and groups (`arn:aws:kafka:<region>:<account>:topic/<cluster>/<uuid>`).
   * Required only when `clusterArn` is a reference: then it cannot be derived at synth time, and an IAM policy is
   * JSON where Terraform function calls cannot be embedded.
   */
  readonly topicArnPrefix?: string;
}

/** Reads a topic of an Amazon MSK cluster with IAM authentication (rule S4). */
export class MskSource implements ISource {
  public readonly kind = "MSKAsSource" as const;
  constructor(public readonly props: MskSourceProps) {}

  public validate(v: Validator, path: string): void {
    v.required(this.props.clusterArn, `${path}.clusterArn`, "string", "the MSK cluster ARN");
    v.required(this.props.topicName, `${path}.topicName`, "string", "the MSK topic to read");
    validateMskSource(v, path, this.props);
    if (isUnresolved(this.props.clusterArn) && this.props.topicArnPrefix === undefined) {
      v.error(`${path}.topicArnPrefix`, "S4", "when clusterArn is a reference, give topicArnPrefix so the role can be scoped to the topic", this.props.topicArnPrefix);
    }
  }

  public bind(role: IRoleLike): SourceBinding {
    const cluster = this.props.clusterArn;
    // Topic and group ARNs share the cluster ARN's name/uuid: arn:aws:kafka:r:a:topic/<cluster>/<uuid>/<topic>.
    const topics = this.props.topicArnPrefix ?? cluster.replace(":cluster/", ":topic/");
    const topicArn = `${topics}/${this.props.topicName}`;
    const groupArn = `${topics.replace(":topic/", ":group/")}/*`;
    role.addToPolicy({ sid: "DescribeMskCluster", actions: ["kafka:GetBootstrapBrokers", "kafka:DescribeCluster", "kafka:DescribeClusterV2", "kafka-cluster:Connect"], resources: [cluster] });
    role.addToPolicy({ sid: "ReadMskTopic", actions: ["kafka-cluster:DescribeTopic", "kafka-cluster:DescribeTopicDynamicConfiguration", "kafka-cluster:ReadData"], resources: [topicArn] });
    role.addToPolicy({ sid: "MskConsumerGroup", actions: ["kafka-cluster:DescribeGroup"], resources: [groupArn] });
    return {
      mskSourceConfiguration: {
        mskClusterArn: cluster,
        topicName: this.props.topicName,
        readFromTimestamp: this.props.readFromTimestamp,
        authenticationConfiguration: { connectivity: this.props.connectivity ?? "PRIVATE", roleArn: role.roleArn },
      },
    };
  }
}
