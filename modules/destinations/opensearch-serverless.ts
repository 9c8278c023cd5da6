import { Construct } from "constructs";
import { DestinationBindContext, DestinationBinding, DestinationValidationContext, IDestination } from "../delivery-stream/destination";
import { fieldName } from "./common";
import { bindOpenSearchCommon, OpenSearchCommonProps, validateOpenSearchCommon } from "./opensearch";
import * as Patterns from "../core/patterns";
import { Validator } from "../core/validation";

export interface OpenSearchServerlessDestinationProps extends OpenSearchCommonProps {
  /** `https://<collection-id>.<region>.aoss.amazonaws.com`, at most 512 characters. */
  readonly collectionEndpoint: string;
  /** `arn:aws:aoss:<region>:<account>:collection/<collection-id>`: the role gets `aoss:APIAccessAll` on it. */
  readonly collectionArn: string;
}

const COLLECTION_ARN = Patterns.AOSS_COLLECTION_ARN;

/**
 * Rule AOSS-ENDPOINT: the collection endpoint is required, an https URL of at most 512 characters. Used by
 * {@link OpenSearchServerlessDestination} (`collectionEndpoint`) and the rendered-resource checker (`collection_endpoint`).
 */
export function validateCollectionEndpoint(v: Validator, path: string, endpoint: string | undefined): void {
  if (!endpoint) {
    v.error(path, "AOSS-ENDPOINT", `${fieldName(path)} is required`, endpoint);
  } else {
    v.pattern(endpoint, Patterns.HTTPS_ENDPOINT, path, "AOSS-ENDPOINT", "collection endpoint");
    v.length(endpoint, 1, 512, path, "AOSS-ENDPOINT", "collection endpoint");
  }
}

/**
 * Amazon OpenSearch Serverless collection destination (metrics `DeliveryToAmazonOpenSearchServerless.*`).
 * The collection's data access policy must also grant the delivery role (`stream.role.roleArn`) write access to the
 * index: IAM alone is not enough for OpenSearch Serverless.
 */
export class OpenSearchServerlessDestination implements IDestination {
  constructor(public readonly props: OpenSearchServerlessDestinationProps) {}

  public validate({ validator: v, path }: DestinationValidationContext): void {
    const p = this.props;
    validateCollectionEndpoint(v, `${path}.collectionEndpoint`, p.collectionEndpoint);
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
