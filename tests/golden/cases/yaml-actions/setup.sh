# GitHub Actions: env at workflow, job, container, service and step level;
# env./secrets./vars. references in any string; a non-workflow YAML file
# beside it; a workflow with an expression as env.
mkdir -p .github/workflows
cat > .github/workflows/ci.yml <<'X'
name: ci ${{ vars.PROJECT }}
on: push
env:
  GLOBAL: one
  NUM: 3
  EMPTY:
jobs:
  build:
    runs-on: ${{ vars.RUNNER }}
    env:
      TOKEN: ${{ secrets.GH_TOKEN }}
    container:
      image: node:20
      env: {NODE_ENV: test}
    services:
      db:
        image: postgres
        env:
          POSTGRES_PASSWORD: ${{ secrets.DB_PASSWORD }}
    steps:
      - uses: actions/checkout@v4
      - name: Test
        env:
          X: ${{ env.GLOBAL }}-${{ vars.REGION }}
          MULTI: |
            a ${{ env['BRACKET'] }}
            b ${{ Secrets.MIXED_case }}
        run: |
          echo ${{ github.env }} ${{ format('env.{0}', 'NOTREF') }}
          echo ${{ env.A && env.B || secrets.C }}
  deploy:
    needs: build
    env: ${{ fromJSON(needs.build.outputs.env) }}
    steps:
      - run: echo "${{ env.DEPLOY_TARGET }}"
X
printf 'name: other\nenv:\n  NOT_A_WORKFLOW: 1\n' > .github/dependabot.yml
