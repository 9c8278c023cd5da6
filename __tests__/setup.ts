import { setupJest } from "cdktf/lib/testing/adapters/jest";

// Registers cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, ...).
setupJest();
