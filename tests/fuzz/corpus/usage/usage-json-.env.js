process.env.ENV_A
