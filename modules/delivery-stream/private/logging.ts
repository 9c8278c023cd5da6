import { CloudwatchLogStream } from "@cdktf/provider-aws/lib/cloudwatch-log-stream";
import { Construct } from "constructs";
import { IRoleLike } from "../../core/iam";

import { CloudWatchLoggingOptions, ILoggingTarget } from "../destination";

export type { CloudWatchLoggingOptions };
/** What destinations receive: the public interface of the stream's logging target. */
export type LoggingTarget = ILoggingTarget;

/**
 * The stream's error-log group. Log streams are created on first use (`DestinationDelivery`, `BackupDelivery`,
 * as the console names them) and the role may write to those streams only.
 */
export class StreamLoggingTarget implements ILoggingTarget {
  private readonly streams = new Map<string, CloudwatchLogStream>();

  constructor(
    private readonly scope: Construct,
    public readonly logGroupName: string,
    private readonly logGroupArn: string,
    private readonly role: IRoleLike,
  ) {}

  public options(streamName: string): CloudWatchLoggingOptions {
    if (!this.streams.has(streamName)) {
      this.streams.set(streamName, new CloudwatchLogStream(this.scope, `LogStream${streamName}`, { name: streamName, logGroupName: this.logGroupName }));
      this.role.addToPolicy({
        sid: `WriteErrorLogs${streamName}`,
        actions: ["logs:PutLogEvents"],
        resources: [`${this.logGroupArn}:log-stream:${streamName}`],
      });
    }
    return { enabled: true, logGroupName: this.logGroupName, logStreamName: streamName };
  }
}

/** Logging options for a block: enabled with the target, explicitly disabled without one. */
export function loggingOptions(logging: LoggingTarget | undefined, streamName: string): CloudWatchLoggingOptions {
  return logging ? logging.options(streamName) : { enabled: false };
}
