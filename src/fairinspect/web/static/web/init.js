// Starts GOV.UK Frontend's components (loaded as a module, so no inline script and no CSP exception).
import { initAll } from '../govuk/govuk-frontend.min.js'

initAll()
