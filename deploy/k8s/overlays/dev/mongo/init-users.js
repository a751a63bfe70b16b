// MongoDB users per service, each with a custom role granting only the actions it
// needs on the collections it touches. Run once by mongosh against a new database:
// docker compose mounts it into /docker-entrypoint-initdb.d (run on the first start
// of an empty data volume); on Kubernetes, run it with mongosh as an admin (see
// deploy/k8s/README.md). Re-running updates the roles and the users' passwords.
//
// Passwords come from the environment: INGEST_MONGODB_PASSWORD,
// PARSER_MONGODB_PASSWORD, ENHANCER_MONGODB_PASSWORD, NOTIFIER_MONGODB_PASSWORD
// (updateUser resets a password on a re-run). The database is MONGODB_DB (default resumeflow); users
// live in it, so URLs carry authSource=<db> (or the database in the path).
//
// NOT exercised against a real mongod (none was available when written): only the
// static check below. Why the grants (scripts/check_mongo_roles.py derives what each
// service's code does and fails when a role lacks it or grants more):
// - Only ingest creates indexes, at start, before it declares the NATS streams the
//   workers wait for. A worker that could create indexes could create a TTL index,
//   which deletes documents.
// - ingest writes uploads (the GridFS layout, uploads.files/uploads.chunks, written
//   by the store itself; it creates their indexes at start), erases resumes (record,
//   file, cached LLM answers, an "erased" marker) and owns webhook secrets and batches.
// - parser reads the upload (its chunks) and updates its resume; enhancer also reads
//   and writes its LLM cache and leases; notifier reads webhook secrets, settles batches and
//   takes leases. No worker removes a resume or an upload.
// - Exception to both: the parser writes the PDFs it makes of DOCX uploads to their
//   own GridFS bucket, renditions (the driver may create that bucket's indexes on its
//   first write, and the parser removes a rendition it lost a race for). Its index
//   and remove rights stop at that bucket; ingest reads renditions for page images
//   and removes them when it erases a resume.

// BEGIN ROLES (JSON: collection -> actions; read by scripts/check_mongo_roles.py)
const ROLES = {
  "ingest": {
    "resumes": ["createIndex", "find", "insert", "remove", "update"],
    "uploads.files": ["createIndex", "insert", "remove"],
    "uploads.chunks": ["createIndex", "find", "insert", "remove"],
    "renditions.files": ["find", "remove"],
    "renditions.chunks": ["find", "remove"],
    "erased": ["createIndex", "insert", "update"],
    "llm_cache": ["remove"],
    "batches": ["createIndex", "find", "insert", "remove", "update"],
    "webhook_secrets": ["createIndex", "find", "insert", "remove", "update"],
    "leases": ["createIndex"]
  },
  "parser": {
    "resumes": ["find", "update"],
    "erased": ["find"],
    "uploads.chunks": ["find"],
    "renditions.files": ["createIndex", "find", "insert", "listIndexes", "remove"],
    "renditions.chunks": ["createIndex", "find", "insert", "listIndexes", "remove"]
  },
  "enhancer": {
    "resumes": ["find", "update"],
    "erased": ["find"],
    "llm_cache": ["find", "insert", "update"],
    "leases": ["find", "insert", "remove", "update"]
  },
  "notifier": {
    "resumes": ["find", "update"],
    "erased": ["find"],
    "batches": ["find", "update"],
    "webhook_secrets": ["find"],
    "leases": ["find", "insert", "remove", "update"]
  }
};
// END ROLES

const dbName = process.env.MONGODB_DB || "resumeflow";
const target = db.getSiblingDB(dbName);

for (const [service, collections] of Object.entries(ROLES)) {
  const role = `resumeflow_${service}`;
  const privileges = Object.entries(collections).map(([collection, actions]) => ({
    resource: { db: dbName, collection },
    actions,
  }));
  if (target.getRole(role)) {
    target.updateRole(role, { privileges, roles: [] });
  } else {
    target.createRole({ role, privileges, roles: [] });
  }
  const variable = `${service.toUpperCase()}_MONGODB_PASSWORD`;
  const password = process.env[variable];
  if (!password) {
    throw new Error(`${variable} is not set: cannot create MongoDB user ${service}`);
  }
  if (target.getUser(service)) {
    target.updateUser(service, { pwd: password, roles: [{ role, db: dbName }] });
  } else {
    target.createUser({ user: service, pwd: password, roles: [{ role, db: dbName }] });
  }
  print(`resumeflow: MongoDB user ${service} with role ${role} on ${dbName}`);
}
