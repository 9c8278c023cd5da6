import { Construct } from "constructs";
import { DestinationBindContext, DestinationBinding, DestinationValidationContext, IDestination } from "../delivery-stream/destination";
import { bindOpenSearchCommon, OpenSearchCommonProps, validateOpenSearchCommon } from "./opensearch";
import * as Patterns from "../core/patterns";

export interface OpenSearchServerlessDestinationProps extends OpenSearchCommonProps {
  /** `https://<collection-id>.<region>.aoss.amazonaws.com`, at most 512 characters. */
  readonly collectionEndpoint: string;
  /** `arn:aws:aoss:<region>:<account>:collection/<collection-id>`: the role gets `aoss:APIAccessAll` on it. */
  readonly collectionArn: string;
}

const COLLECTION_ARN = Patterns.AOSS_COLLECTION_ARN;

/**
 * Amazon OpenSearch Serverless collection destination (metrics `DeliveryToAmazonOpenSearchServerless.*`).
 * The collection's data access policy must also grant the delivery role (`stream.role.roleArn`) write access to the
 * index: IAM alone is not enough for OpenSearch Serverless.
 */
export class OpenSearchServerlessDestination implements IDestination {
  constructor(public readonly props: OpenSearchServerlessDestinationProps) {}

  public validate({ validator: v, path }: DestinationValidationContext): void {
    const p = this.props;
    if (!p.collectionEndpoint) {
      v.error(`${path}.collectionEndpoint`, "AOSS-ENDPOINT", "collectionEndpoint is required", p.collectionEndpoint);
    } else {
      v.pattern(p.collectionEndpoint, Patterns.HTTPS_ENDPOINT, `${path}.collectionEndpoint`, "AOSS-ENDPOINT", "collection endpoint");
      v.length(p.collectionEndpoint, 1, 512, `${path}.collectionEndpoint`, "AOSS-ENDPOINT", "collection endpoint");
    }
    v.pattern(p.collectionArn ?? "", COLLECTION_ARN, `${path}.collectionArn`, "AOSS-ENDPOINT", "OpenSearch Serverless collection ARN");
    validateOpenSearchCommon(v, path, p);
  }

  public bind(_scope: Construct, ctx: DestinationBindContext): DestinationBinding {
    const p = this.props;
    // aoss:APIAccessAll is the one data-plane action of OpenSearch Serverless; its resource type is the collection
    // (Service Authorization Reference, "Actions defined by Amazon OpenSearch Serverless").
    ctx.role.addToPolicy({ sid: "WriteCollection", actions: ["aoss:APIAccessAll"], resources: [p.collectionArn] });
    const { rendered, info } = bindOpenSearchCommon(p, ctx, "AmazonOpenSearchServerless");
    return {
      destination: "opensearchserverless",
      config: { opensearchserverlessConfiguration: { ...rendered, collectionEndpoint: p.collectionEndpoint } },
      info,
    };
  }
}
