// The same package from CommonJS: require() of the ES module (Node ≥ 20.19).
const { createAgentbaseClient } = require("@agentbase/client");

const client = createAgentbaseClient({ baseUrl: process.env.AGENTBASE_URL ?? "http://127.0.0.1:50051" });
client.scripts.listScripts({ pageSize: 1 }).then(
  () => console.log("ok require"),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
