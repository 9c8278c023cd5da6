// Stand-in for a Lambda bundle in unit tests (see __tests__/helpers/unit-bundle.ts); never deployed.
exports.handler = async () => {
  throw new Error("unit-test stand-in bundle: not a real processor");
};
//# sourceMappingURL=index.js.map
