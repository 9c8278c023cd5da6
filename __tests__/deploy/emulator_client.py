#!/usr/bin/env python3
"""
Reads and empties the emulator with boto3 (installed with moto), for the deploy tests. One process serves every call
of a test run: one JSON request per stdin line, {"id", "endpoint", "region", "args"}, answered on stdout as each ends
with {"id", "result"} or {"id", "error"}; it exits at the end of stdin (its parent gone). A process per call would
start Python and import boto3 each time (about 1.3 CPU seconds), and load each client's service model again.

  args ["inventory"]                       what our stacks create, by kind
  args ["objects", bucket]                 [{key, body}] of every object (bodies as text)
  args ["empty", bucket...]                deletes every object version and delete marker, as an operator empties
                                           a bucket before `terraform destroy`
  args ["create-domain", json]             CreateDomain with this request (OpenSearch adoption)
  args ["delete-domain", name]             DeleteDomain
  args ["kinesis-put", stream, json list]  PutRecords, then every shard read from TRIM_HORIZON
"""
import json
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config


_clients: dict = {}
_clients_lock = threading.Lock()


def client(service: str, endpoint: str, region: str):  # type: ignore[no-untyped-def]
    """One client per service, endpoint and region, reused (boto3 clients are thread-safe; creating one is not)."""
    key = (service, endpoint, region)
    with _clients_lock:
        if key not in _clients:
            _clients[key] = _new_client(service, endpoint, region)
        return _clients[key]


def _new_client(service: str, endpoint: str, region: str):  # type: ignore[no-untyped-def]
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id="AKIAEMULATOREMULATOR",
        aws_secret_access_key="emulator-secret",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}, proxies={}),
    )


def inventory(endpoint: str, region: str) -> dict:
    c = lambda s: client(s, endpoint, region)  # noqa: E731
    roles = [r["RoleName"] for r in c("iam").list_roles()["Roles"]]
    return {
        "buckets": sorted(b["Name"] for b in c("s3").list_buckets().get("Buckets", [])),
        "deliveryStreams": sorted(c("firehose").list_delivery_streams(Limit=100)["DeliveryStreamNames"]),
        "kinesisStreams": sorted(c("kinesis").list_streams()["StreamNames"]),
        "roles": sorted(roles),
        "functions": sorted(f["FunctionName"] for f in c("lambda").list_functions()["Functions"]),
        "alarms": sorted(a["AlarmName"] for a in c("cloudwatch").describe_alarms()["MetricAlarms"]),
        "topics": sorted(t["TopicArn"] for t in c("sns").list_topics()["Topics"]),
        "logGroups": sorted(g["logGroupName"] for g in c("logs").describe_log_groups()["logGroups"]),
        "domains": sorted(d["DomainName"] for d in c("opensearch").list_domain_names()["DomainNames"]),
        "rules": sorted(r["Name"] for r in c("events").list_rules()["Rules"]),
    }


def objects(endpoint: str, region: str, bucket: str) -> list:
    s3 = client("s3", endpoint, region)
    out = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for o in page.get("Contents", []):
            body = s3.get_object(Bucket=bucket, Key=o["Key"])["Body"].read()
            out.append({"key": o["Key"], "body": body.decode("utf-8", "replace")})
    return out


def empty(endpoint: str, region: str, buckets: list) -> dict:
    s3 = client("s3", endpoint, region)
    deleted = {}
    for bucket in buckets:
        n = 0
        for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
            for v in page.get("Versions", []) + page.get("DeleteMarkers", []):
                s3.delete_object(Bucket=bucket, Key=v["Key"], VersionId=v["VersionId"])
                n += 1
        deleted[bucket] = n
    return deleted


def create_domain(endpoint: str, region: str, request: dict) -> dict:
    status = client("opensearch", endpoint, region).create_domain(**request)["DomainStatus"]
    return {"domainName": status["DomainName"], "arn": status["ARN"]}


def delete_domain(endpoint: str, region: str, name: str) -> dict:
    client("opensearch", endpoint, region).delete_domain(DomainName=name)
    return {"deleted": name}


def kinesis_put(endpoint: str, region: str, stream: str, records: list) -> dict:
    k = client("kinesis", endpoint, region)
    put = k.put_records(StreamName=stream, Records=[{"Data": r.encode(), "PartitionKey": f"k{i}"} for i, r in enumerate(records)])
    read = []
    for shard in k.list_shards(StreamName=stream)["Shards"]:
        it = k.get_shard_iterator(StreamName=stream, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        read += [r["Data"].decode() for r in k.get_records(ShardIterator=it)["Records"]]
    return {"failedRecordCount": put.get("FailedRecordCount", 0), "read": read}


def run(endpoint: str, region: str, cmd: str, args: list):  # type: ignore[no-untyped-def]
    if cmd == "inventory":
        result = inventory(endpoint, region)
    elif cmd == "objects":
        result = objects(endpoint, region, args[0])
    elif cmd == "empty":
        result = empty(endpoint, region, args)
    elif cmd == "create-domain":
        result = create_domain(endpoint, region, json.loads(args[0]))
    elif cmd == "kinesis-put":
        result = kinesis_put(endpoint, region, args[0], json.loads(args[1]))
    elif cmd == "delete-domain":
        result = delete_domain(endpoint, region, args[0])
    else:
        raise ValueError(f"unknown command {cmd}")
    return result


def serve() -> None:
    out_lock = threading.Lock()

    def answer(request: dict) -> None:
        try:
            reply = {"id": request["id"], "result": run(request["endpoint"], request["region"], request["args"][0], request["args"][1:])}
        except Exception as e:  # noqa: BLE001 - every failure goes back to the caller, with its type
            reply = {"id": request.get("id"), "error": f"{type(e).__name__}: {e}"}
        with out_lock:
            sys.stdout.write(json.dumps(reply) + "\n")
            sys.stdout.flush()

    with ThreadPoolExecutor(max_workers=8) as pool:
        for line in sys.stdin:
            if line.strip():
                pool.submit(answer, json.loads(line))


if __name__ == "__main__":
    serve()
