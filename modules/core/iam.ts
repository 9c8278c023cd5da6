import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Lazy } from "cdktf";
import { Construct } from "constructs";

/** One IAM policy statement. Resources are exact ARNs (tokens allowed). */
export interface PolicyStatement {
  readonly sid?: string;
  readonly effect?: "Allow" | "Deny";
  readonly actions: string[];
  readonly resources: string[];
  /** IAM condition block, e.g. `{ StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } }`. */
  readonly conditions?: Record<string, Record<string, string | string[] | boolean>>;
  /** Resource policies only: `{ Service: "logging.s3.amazonaws.com" }`, `{ AWS: "*" }`, ... */
  readonly principals?: Record<string, string | string[]>;
}

/** Something IAM statements can be granted to. */
export interface IRoleLike {
  readonly roleArn: string;
  /** Adds a statement to the role's inline policy. Returns false when the role cannot be changed (an imported role without name). */
  addToPolicy(statement: PolicyStatement): boolean;
}

export function renderStatement(s: PolicyStatement): Record<string, unknown> {
  return {
    ...(s.sid ? { Sid: s.sid } : {}),
    Effect: s.effect ?? "Allow",
    ...(s.principals ? { Principal: s.principals } : {}),
    Action: s.actions.length === 1 ? s.actions[0] : s.actions,
    Resource: s.resources.length === 1 ? s.resources[0] : s.resources,
    ...(s.conditions ? { Condition: s.conditions } : {}),
  };
}

/** Renders an IAM policy document. cdktf tokens inside strings resolve to Terraform interpolations. */
export function policyDocument(statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements.map(renderStatement) });
}

/** Trust policy for an AWS service principal, optionally with conditions (confused-deputy protection). */
export function serviceTrustPolicy(service: string, conditions?: PolicyStatement["conditions"]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        ...(conditions ? { Condition: conditions } : {}),
      },
    ],
  });
}

/**
 * Collects statements and renders them lazily into one inline policy, so grants added after the role exists
 * (by destinations, processors, sources) still land in it. Identical statements are merged.
 */
class StatementCollector {
  private readonly statements: PolicyStatement[] = [];

  public add(statement: PolicyStatement): void {
    const key = JSON.stringify(renderStatement({ ...statement, sid: undefined }));
    if (!this.statements.some((s) => JSON.stringify(renderStatement({ ...s, sid: undefined })) === key)) {
      this.statements.push(statement);
    }
  }

  public get isEmpty(): boolean {
    return this.statements.length === 0;
  }

  /** Sids must be unique within a policy: a repeated one (the same grant on two streams) gets a number suffix. */
  public render(): string {
    const seen = new Map<string, number>();
    return policyDocument(
      this.statements.map((st) => {
        if (!st.sid) return st;
        const n = (seen.get(st.sid) ?? 0) + 1;
        seen.set(st.sid, n);
        return n === 1 ? st : { ...st, sid: `${st.sid}${n}` };
      }),
    );
  }
}

export interface ServiceRoleProps {
  /** Role name (≤64 chars). */
  readonly name: string;
  /** Service principal, e.g. `firehose.amazonaws.com`. */
  readonly service: string;
  readonly description?: string;
  /** Conditions on the trust policy, e.g. `aws:SourceAccount`. */
  readonly trustConditions?: PolicyStatement["conditions"];
}

/** An IAM role for an AWS service with one inline least-privilege policy built from grants. */
export class ServiceRole extends Construct implements IRoleLike {
  public readonly role: IamRole;
  public readonly policy: IamRolePolicy;
  public readonly roleArn: string;
  public readonly roleName: string;
  private readonly collector = new StatementCollector();

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "Role", {
      name: props.name,
      description: props.description,
      assumeRolePolicy: serviceTrustPolicy(props.service, props.trustConditions),
    });
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;
    this.policy = new IamRolePolicy(this, "Policy", {
      name: "least-privilege",
      role: this.role.name,
      policy: Lazy.stringValue({ produce: () => this.collector.render() }),
    });
  }

  public addToPolicy(statement: PolicyStatement): boolean {
    this.collector.add(statement);
    return true;
  }
}

/** A role created elsewhere. With its name, grants are attached as an inline policy; without it, the caller owns its permissions. */
export class ExistingRole extends Construct implements IRoleLike {
  public readonly roleArn: string;
  /** The inline policy holding the grants, when the role's name was given. */
  public readonly policy?: IamRolePolicy;
  private readonly collector = new StatementCollector();
  private readonly attachable: boolean;

  constructor(scope: Construct, id: string, props: { roleArn: string; roleName?: string; policyName?: string }) {
    super(scope, id);
    this.roleArn = props.roleArn;
    this.attachable = props.roleName !== undefined;
    if (props.roleName !== undefined) {
      this.policy = new IamRolePolicy(this, "Policy", {
        name: props.policyName ?? "cdktf-firehose-pipelines-grants",
        role: props.roleName,
        policy: Lazy.stringValue({ produce: () => this.collector.render() }),
      });
    }
  }

  public addToPolicy(statement: PolicyStatement): boolean {
    if (!this.attachable) return false;
    this.collector.add(statement);
    return true;
  }
}
