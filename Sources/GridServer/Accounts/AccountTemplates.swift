extension PageTemplates {
    /// 账号管理: the visible accounts, then the forms to open an account and to reset a password.
    static let adminAccounts = """
        {{> admin_style}}
        <p class="crumbs"><a href="/admin">← {{t.admin_title}}</a></p>
        <h1>{{t.accounts_title}}</h1>
        {{#notice}}<p class="notice" role="status" id="notice">{{notice}}</p>{{/notice}}
        {{#list_error}}<p class="error" role="alert" id="list-error">{{list_error}}</p>{{/list_error}}
        <div class="grid2">
        <section class="card" aria-labelledby="list-title">
          <h2 id="list-title">{{t.accounts_list}} ({{count}})</h2>
          <form method="get" action="/admin/accounts" class="filters">
            <div><label for="q">{{t.accounts_search}}</label><input type="search" id="q" name="q" value="{{q}}"></div>
            <div><button class="secondary" type="submit">{{t.filter_apply}}</button></div>
          </form>
          {{#more}}<p class="muted">{{t.accounts_more}} {{more}}</p>{{/more}}
          <div class="scroll"><table class="queue" id="accounts">
            <thead><tr><th>{{t.field_username}}</th><th>{{t.field_display_name}}</th><th>{{t.field_role}}</th><th>{{t.field_scope}}</th><th>{{t.field_status}}</th></tr></thead>
            <tbody>{{#accounts}}<tr id="account-{{username}}"{{#new}} class="new"{{/new}}><td>{{username}}</td><td>{{display_name}}</td><td>{{role_name}}</td><td>{{scope}}</td>
              <td>{{#disabled}}<span class="muted">{{t.account_disabled}}</span>{{/disabled}}{{^disabled}}{{t.account_active}}{{/disabled}}
              {{#can_disable}}<form method="post" action="/admin/accounts/{{#disabled}}enable{{/disabled}}{{^disabled}}disable{{/disabled}}" class="inline">
                <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="username" value="{{username}}">
                <button class="secondary" type="submit" id="{{#disabled}}enable{{/disabled}}{{^disabled}}disable{{/disabled}}-{{username}}">{{#disabled}}{{t.account_enable}}{{/disabled}}{{^disabled}}{{t.account_disable}}{{/disabled}}</button>
              </form>{{/can_disable}}</td></tr>{{/accounts}}</tbody>
          </table></div>
        </section>
        <div>
        <section class="card" aria-labelledby="create-title">
          <h2 id="create-title">{{t.account_create}}</h2>
          {{#error}}<p class="error" role="alert" id="form-error">{{error}}</p>{{/error}}
          <form method="post" action="/admin/accounts" novalidate>
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label for="username">{{t.field_username}}</label>
            <input type="text" id="username" name="username" value="{{username}}" autocomplete="off" required{{#invalid.username}} aria-invalid="true" aria-describedby="form-error"{{/invalid.username}}>
            <p class="muted" style="margin:.2rem 0">{{t.username_rule}}</p>
            <label for="display_name">{{t.field_display_name}}</label>
            <input type="text" id="display_name" name="display_name" value="{{display_name}}" required{{#invalid.display_name}} aria-invalid="true" aria-describedby="form-error"{{/invalid.display_name}}>
            <label for="role">{{t.field_role}}</label>
            <select id="role" name="role"{{#invalid.role}} aria-invalid="true" aria-describedby="form-error"{{/invalid.role}}>
              <option value="">{{t.role_choose}}</option>
              {{#roles}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/roles}}
            </select>
            <label for="scope">{{t.field_scope}}</label>
            <input type="text" id="scope" name="scope" value="{{scope}}" aria-describedby="scope-hint{{#invalid.scope}} form-error{{/invalid.scope}}"{{#invalid.scope}} aria-invalid="true"{{/invalid.scope}}>
            <p class="muted" style="margin:.2rem 0" id="scope-hint">{{t.scope_hint}}</p>
            <label for="password">{{t.field_password}}</label>
            <input type="password" id="password" name="password" autocomplete="new-password" required{{#invalid.password}} aria-invalid="true" aria-describedby="form-error"{{/invalid.password}}>
            <button class="primary" type="submit" id="create-account">{{t.account_create}}</button>
          </form>
        </section>
        <section class="card" aria-labelledby="reset-title">
          <h2 id="reset-title">{{t.password_reset}}</h2>
          {{#reset_error}}<p class="error" role="alert" id="reset-error">{{reset_error}}</p>{{/reset_error}}
          <form method="post" action="/admin/accounts/password" novalidate>
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <label for="reset_username">{{t.field_reset_username}}</label>
            <select id="reset_username" name="reset_username"{{#invalid.reset_username}} aria-invalid="true" aria-describedby="reset-error"{{/invalid.reset_username}}>
              {{#usernames}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/usernames}}
            </select>
            <label for="new_password">{{t.field_new_password}}</label>
            <input type="password" id="new_password" name="new_password" autocomplete="new-password" required{{#invalid.new_password}} aria-invalid="true" aria-describedby="reset-error"{{/invalid.new_password}}>
            <p class="muted" style="margin:.2rem 0">{{t.password_reset_hint}}</p>
            <button class="secondary" type="submit">{{t.password_reset}}</button>
          </form>
        </section>
        </div>
        </div>
        """
}
