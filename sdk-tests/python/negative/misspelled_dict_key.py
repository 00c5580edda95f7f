# expect: error: Argument of type "dict\[str, int\]" cannot be assigned to parameter "vault_lock"
# fix: "min_retention_dayz" => "min_retention_days"
# A misspelled key of a nested input given as a dict must not type-check:
# the generated TypedDicts take no unknown keys (scripts/sdks.sh, as
# misspelled_kwarg.py).
import webplatform_dev_webplatform as webplatform

webplatform.backup.Backup("backup", vault_lock={"min_retention_dayz": 7})
