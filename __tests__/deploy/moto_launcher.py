#!/usr/bin/env python3
"""
Starts moto's AWS emulator (ThreadedMotoServer) on 127.0.0.1 on a free port, with the few patches our stacks need,
and prints `port <n>` on stdout once it answers.

Lifetime: the server lives as long as its parent. It exits when stdin closes (the parent ended it or died), when the
parent process is gone (checked every second), and, on Linux, when the parent dies (PR_SET_PDEATHSIG). So a killed
test run leaves no emulator behind.

Commands, one per stdin line (each answered with one line on stdout):
  account <12 digits>   answer as this AWS account from now on (moto reads MOTO_ACCOUNT_ID on every request)
  ping                  pong

Every patch below is minimal and says what real AWS does. The behaviours we could not patch are listed in
scripts/emulator.ts (EMULATOR_GAPS) and in the README's testing section.
"""
import faulthandler
import json
import logging
import os
import signal
import socket
import sys
import threading
import time


def die_with_parent() -> None:
    """Linux: SIGTERM when the parent dies, even if it is SIGKILLed."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except Exception:  # noqa: BLE001 - not Linux: the stdin and ppid watches below still apply
        pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------------------------------------------------
# Patches
# --------------------------------------------------------------------------------------------------------------------

# Firehose destinations moto does not know, by CreateDeliveryStream parameter → DescribeDeliveryStream key prefix.
UNKNOWN_DESTINATIONS = {
    "AmazonopensearchserviceDestinationConfiguration": "Amazonopensearchservice",
    "AmazonOpenSearchServerlessDestinationConfiguration": "AmazonOpenSearchServerless",
    "IcebergDestinationConfiguration": "Iceberg",
}


def patch_firehose_unknown_destinations() -> None:
    """
    Real AWS: CreateDeliveryStream accepts an OpenSearch Service, OpenSearch Serverless or Apache Iceberg Tables
    destination (AmazonopensearchserviceDestinationConfiguration / AmazonOpenSearchServerlessDestinationConfiguration /
    IcebergDestinationConfiguration) and DescribeDeliveryStream returns it as <Kind>DestinationDescription, with its
    S3Configuration (the backup/error bucket) as S3DestinationDescription. For Iceberg, AWS writes the records into the
    tables of the Glue Data Catalog named in CatalogConfiguration/DestinationTableConfigurationList.
    moto 5.2.1 only knows the older Elasticsearch destination and refuses these with "Exactly one destination
    configuration is supported". Patch: store them the way moto stores an Elasticsearch destination (same fields,
    S3Configuration renamed as AWS does, data dropped on put as moto does for Elasticsearch) and describe them under
    their own key.
    """
    from moto.firehose import models, responses

    kinds: dict = {}  # (account, region, stream name) -> description key prefix
    original_create = models.FirehoseBackend.create_delivery_stream
    original_describe = models.FirehoseBackend.describe_delivery_stream
    original_delete = models.FirehoseBackend.delete_delivery_stream
    original_response = responses.FirehoseResponse.create_delivery_stream

    def create_response(self):  # type: ignore[no-untyped-def]
        for param, kind in UNKNOWN_DESTINATIONS.items():
            config = self._get_param(param)
            if config:
                name = self._get_param("DeliveryStreamName")
                arn = original_create(
                    self.firehose_backend,
                    self.region,
                    name,
                    self._get_param("DeliveryStreamType"),
                    self._get_param("KinesisStreamSourceConfiguration"),
                    self._get_param("DeliveryStreamEncryptionConfigurationInput"),
                    None, None, None,
                    config,  # stored as moto stores an Elasticsearch destination
                    None, None, None,
                    self._get_param("Tags"),
                )
                kinds[(self.firehose_backend.account_id, self.region, name)] = kind
                return responses.ActionResult({"DeliveryStreamARN": arn})
        return original_response(self)

    def describe(self, delivery_stream_name):  # type: ignore[no-untyped-def]
        result = original_describe(self, delivery_stream_name)
        kind = kinds.get((self.account_id, self.region_name, delivery_stream_name))
        if kind:
            for dest in result["DeliveryStreamDescription"].get("Destinations", []):
                if "ElasticsearchDestinationDescription" in dest:
                    dest[f"{kind}DestinationDescription"] = dest.pop("ElasticsearchDestinationDescription")
        return result

    def delete(self, delivery_stream_name, *args, **kwargs):  # type: ignore[no-untyped-def]
        kinds.pop((self.account_id, self.region_name, delivery_stream_name), None)
        return original_delete(self, delivery_stream_name, *args, **kwargs)

    responses.FirehoseResponse.create_delivery_stream = create_response
    models.FirehoseBackend.describe_delivery_stream = describe
    models.FirehoseBackend.delete_delivery_stream = delete


def patch_opensearch_domain_config_status() -> None:
    """
    Real AWS: every option group of DescribeDomainConfig carries a Status ({State: Active, ...} once applied).
    moto 5.2.1 gives one only to EngineVersion, and the provider's aws_opensearch_domain_policy waits for
    AccessPolicies.Status.State = Active forever. Patch: give every group the domain's (always Active) status.
    """
    from moto.opensearch import models

    original = models.OpenSearchDomain.to_config_dict

    def to_config_dict(self):  # type: ignore[no-untyped-def]
        cfg = original(self)
        status = self.engine_version.to_dict()["Status"]
        for section in cfg.values():
            if isinstance(section, dict) and "Options" in section and "Status" not in section:
                section["Status"] = dict(status)
        return cfg

    models.OpenSearchDomain.to_config_dict = to_config_dict


def _only_matches_plain_http(statement: dict) -> bool:
    condition = statement.get("Condition") or {}
    if set(condition) != {"Bool"}:
        return False
    tests = condition["Bool"]
    value = tests.get("aws:SecureTransport")
    values = value if isinstance(value, list) else [value]
    return set(tests) == {"aws:SecureTransport"} and [str(v).lower() for v in values] == ["false"]


def patch_s3_tls_only_policies() -> None:
    """
    Real AWS: a bucket policy statement with Condition {Bool: {aws:SecureTransport: false}} only matches requests made
    over plain HTTP; requests over TLS are not concerned by it. moto 5.2.1 cannot evaluate Bool conditions and treats
    an unmet condition as a denial, so the TLS-only Deny every hardened bucket has denies every object request on the
    emulator's plain-HTTP endpoint. Patch: leave out statements that only match non-TLS requests (the emulator is
    plain HTTP only because it is local; every real request our stacks make is TLS).
    """
    from moto.iam.access_control import IAMPolicy, PermissionResult
    from moto.s3 import models

    def get_permission(self, action, resource):  # type: ignore[no-untyped-def]
        if self.policy is None:
            return PermissionResult.NEUTRAL
        policy = json.loads(self.policy.decode() if isinstance(self.policy, bytes) else self.policy)
        statements = policy.get("Statement", [])
        if isinstance(statements, dict):
            statements = [statements]
        policy["Statement"] = [s for s in statements if not _only_matches_plain_http(s)]
        if not policy["Statement"]:
            return PermissionResult.NEUTRAL
        return IAMPolicy(json.dumps(policy)).is_action_permitted(action, resource)

    models.FakeBucket.get_permission = get_permission


def patch_s3_access_log_delivery() -> None:
    """
    Real AWS: server access logs are delivered asynchronously, best effort, within hours. moto 5.2.1 writes a log
    object synchronously on every request to a logged bucket, so emptying a bucket before destroy refills its log
    bucket (BucketNotEmpty on delete). Patch: no emulated log delivery. PutBucketLogging is still checked (the target
    bucket must grant logging.s3.amazonaws.com), which is the part our stacks must get right.
    """
    from moto.s3 import models

    models.S3Backend.log_incoming_request = lambda self, request, bucket_name: None


def patch_lambda_logging_config() -> None:
    """
    Real AWS: CreateFunction/UpdateFunctionConfiguration store LoggingConfig and KMSKeyArn (the key of the function's
    environment variables) and GetFunction returns them (LogFormat Text, LogGroup /aws/lambda/<name> by default).
    moto 5.2.1 drops both, so aws_lambda_function.logging_config and kms_key_arn re-plan forever. Patch: store them
    and return them (LoggingConfig with AWS's defaults).
    """
    from moto.awslambda import models

    original_init = models.LambdaFunction.__init__
    original_get = models.LambdaFunction.get_configuration
    original_update = models.LambdaFunction.update_configuration

    def init(self, account_id, spec, region, version=1):  # type: ignore[no-untyped-def]
        original_init(self, account_id, spec, region, version)
        self._logging_config = dict(spec.get("LoggingConfig") or {})
        self._kms_key_arn = spec.get("KMSKeyArn")

    def get_configuration(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        config = original_get(self, *args, **kwargs)
        logging_config = {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{self.function_name}"}
        logging_config.update(getattr(self, "_logging_config", {}) or {})
        config["LoggingConfig"] = logging_config
        if getattr(self, "_kms_key_arn", None):
            config["KMSKeyArn"] = self._kms_key_arn
        return config

    def update_configuration(self, config_updates):  # type: ignore[no-untyped-def]
        if "LoggingConfig" in config_updates:
            self._logging_config = dict(config_updates["LoggingConfig"] or {})
        if "KMSKeyArn" in config_updates:
            self._kms_key_arn = config_updates["KMSKeyArn"] or None
        return original_update(self, config_updates)

    models.LambdaFunction.__init__ = init
    models.LambdaFunction.get_configuration = get_configuration
    models.LambdaFunction.update_configuration = update_configuration


def patch_kinesis_create_stream_tags() -> None:
    """
    Real AWS: CreateStream accepts Tags and ListTagsForStream returns them. moto 5.2.1 ignores CreateStream's Tags
    (it only knows AddTagsToStream), so an aws_kinesis_stream's tags/tags_all (the provider's default_tags) re-plan
    forever. Patch: apply CreateStream's Tags to the new stream, as AddTagsToStream would.
    """
    from moto.kinesis import responses

    original = responses.KinesisResponse.create_stream

    def create_stream(self):  # type: ignore[no-untyped-def]
        result = original(self)
        tags = self._get_param("Tags")
        if tags:
            self.kinesis_backend.add_tags_to_stream(None, self._get_param("StreamName"), tags)
        return result

    responses.KinesisResponse.create_stream = create_stream


PATCHES = [
    patch_firehose_unknown_destinations,
    patch_opensearch_domain_config_status,
    patch_s3_tls_only_policies,
    patch_s3_access_log_delivery,
    patch_lambda_logging_config,
    patch_kinesis_create_stream_tags,
]


# --------------------------------------------------------------------------------------------------------------------


def main() -> None:
    die_with_parent()
    # `kill -USR1 <pid>` prints every thread's stack on stderr (to diagnose a hung request).
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    parent = os.getppid()
    os.environ.setdefault("MOTO_ACCOUNT_ID", "123456789012")
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as e:
        print(f"error moto is not installed ({e}): pip install \"moto[server]\"", flush=True)
        sys.exit(3)
    for patch in PATCHES:
        patch()

    if not os.environ.get("FHP_EMULATOR_LOG"):
        # werkzeug logs one line per request at INFO: tens of thousands per deploy run, read by nobody, and CPU spent
        # formatting them. Errors (the traceback of a 500 answer) are still logged.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()

    def quit_now(*_args) -> None:  # type: ignore[no-untyped-def]
        os._exit(0)

    signal.signal(signal.SIGTERM, quit_now)
    signal.signal(signal.SIGINT, quit_now)

    def watch_parent() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(0)
            time.sleep(1)

    threading.Thread(target=watch_parent, daemon=True).start()
    print(f"port {port}", flush=True)

    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "account" and len(words) == 2 and words[1].isdigit() and len(words[1]) == 12:
            os.environ["MOTO_ACCOUNT_ID"] = words[1]
            print(f"ok account {words[1]}", flush=True)
        elif words[0] == "ping":
            print("pong", flush=True)
        else:
            print(f"error unknown command: {line.strip()}", flush=True)
    # stdin closed: the parent is done (or gone).
    os._exit(0)


if __name__ == "__main__":
    main()
