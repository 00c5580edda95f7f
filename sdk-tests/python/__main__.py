"""A consumer of the generated Python SDK: a network, an Aurora database in
its isolated subnets admitting its application tier, and a backup plan.

scripts/sdks.sh type-checks it with pyright (strict) against the SDK that
`pulumi package gen-sdk --language python` generated, with a test stub of
the `pulumi` package (stubs/); it is never run here (no Python language
host, no `pulumi` package), so it shows what a program can say, not what a
deployment does.
"""

import pulumi
import webplatform_dev_webplatform as webplatform

net = webplatform.network.Network(
    "net",
    cidr="10.20.0.0/16",
    az_count=3,
    nat_strategy=webplatform.network.NatStrategy.ONE_PER_AZ,
    tags={"team": "platform"},
)

db = webplatform.database.Database(
    "db",
    vpc_id=net.vpc_id,
    subnet_ids=net.isolated_subnet_ids,
    availability_zones=net.availability_zones,
    allowed_security_group_ids=[net.app_security_group_id],
    instances=2,
    backup_retention_days=14,
    tags={"team": "platform"},
    opts=pulumi.ResourceOptions(depends_on=[net]),
)

backup = webplatform.backup.Backup(
    "backup",
    # Nested inputs as the generated Args classes or as plain dicts.
    rules=[
        webplatform.backup.RuleArgs(name="daily", schedule="cron(0 3 * * ? *)", retention_days=35),
        {"name": "weekly", "schedule": "cron(0 4 ? * SUN *)", "retention_days": 90},
    ],
    selection_tag_key="backup",
    selection_tag_value="daily",
    dr_region="us-west-2",
    vault_lock={"min_retention_days": 7, "max_retention_days": 365},
)

# The args-object form of a constructor.
db_from_args = webplatform.database.Database(
    "db-args",
    webplatform.database.DatabaseArgs(vpc_id=net.vpc_id, subnet_ids=net.isolated_subnet_ids),
)

# Outputs keep their types.
writer_endpoint: pulumi.Output[str] = db.writer_endpoint
port: pulumi.Output[int] = db.port
pulumi.export("writer_endpoint", writer_endpoint)
pulumi.export("port", port)
pulumi.export("vault_arn", backup.vault_arn)
pulumi.export("second_writer", db_from_args.writer_endpoint)
