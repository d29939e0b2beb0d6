// Prints, as one JSON object, what @forge/manifest's full validation (the manifest checks of forge lint and
// forge deploy) says of the manifest named by the first argument. Manifest variables come from the environment.
const { validate } = require('@forge/manifest');

validate(false, process.argv[2])
  .then((result) => {
    const errors = (result.errors || []).map(({ message, reference, level, line }) => ({ message, reference, level, line }));
    process.stdout.write(JSON.stringify({ success: result.success, errors }));
  })
  .catch((error) => {
    process.stdout.write(JSON.stringify({ success: false, errors: [{ message: String(error), level: 'error' }] }));
  });
