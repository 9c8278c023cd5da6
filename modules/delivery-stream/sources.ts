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

const KINESIS_ARN = Patterns.KINESIS_STREAM_ARN;

/** Reads from a Kinesis data stream (rule S1). The stream cannot then be encrypted with SSE (rule S2). */
export class KinesisStreamSource implements ISource {
  public readonly kind = "KinesisStreamAsSource" as const;
  constructor(public readonly props: KinesisStreamSourceProps) {}

  public validate(v: Validator, path: string): void {
    v.required(this.props?.streamArn, `${path}.streamArn`, "string", "the Kinesis data stream ARN");
    v.pattern(this.props?.streamArn, KINESIS_ARN, `${path}.streamArn`, "S1", "Kinesis stream ARN");
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
    v.pattern(this.props.clusterArn, Patterns.MSK_CLUSTER_ARN, `${path}.clusterArn`, "S4", "MSK cluster ARN");
    v.length(this.props.topicName, 1, 255, `${path}.topicName`, "S4", "MSK topic name");
    v.pattern(this.props.topicName, Patterns.MSK_TOPIC_NAME, `${path}.topicName`, "S4", "MSK topic name");
    v.oneOf(this.props.connectivity, ["PUBLIC", "PRIVATE"], `${path}.connectivity`, "S4", "MSK connectivity");
    if (isUnresolved(this.props.clusterArn) && this.props.topicArnPrefix === undefined) {
      v.error(`${path}.topicArnPrefix`, "S4", "when clusterArn is a reference, give topicArnPrefix so the role can be scoped to the topic", this.props.topicArnPrefix);
    }
    if (this.props.readFromTimestamp !== undefined) {
      v.require(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(this.props.readFromTimestamp) &&
          !Number.isNaN(Date.parse(this.props.readFromTimestamp)),
        `${path}.readFromTimestamp`,
        "S4",
        "readFromTimestamp must be an RFC 3339 timestamp such as 1970-01-01T00:00:00Z",
        this.props.readFromTimestamp,
      );
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
