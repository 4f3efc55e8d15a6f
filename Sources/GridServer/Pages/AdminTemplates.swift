extension PageTemplates {
    /// The administration pages (系统管理): the landing page here, each section's page beside its code.
    static let admin = ["admin": adminLanding, "admin_style": adminStyle, "admin_accounts": adminAccounts, "admin_tokens": adminTokens, "admin_regions": adminRegions,
                        "admin_categories": adminCategories, "admin_calendar": adminCalendar]

    /// What the administration pages add to the layout's style: wide tables scroll on a phone,
    /// inputs inside tables stay narrow, and a just-created row stands out.
    static let adminStyle = """
        <style>
        .admin-links { display:grid; grid-template-columns:repeat(auto-fit,minmax(230px,1fr)); gap:1rem; }
        .admin-links a { display:block; font-weight:700; font-size:1.1rem; }
        .scroll { overflow-x:auto; }
        table.queue tr.new { background:#e7f4ea; }
        form.inline { display:inline; margin-left:.4rem; }
        form.inline button { padding:.2rem .6rem; }
        table.queue input, table.queue select { padding:.3rem; min-width:5.5rem; }
        table.queue input[inputmode=decimal] { width:5.5rem; }
        #boundary-saved svg.map { max-height:16rem; }
        table.queue th.group { background:#eef3f7; }
        [aria-invalid="true"] { border-color:#a4161a !important; outline:2px solid #a4161a; }
        progress { width:100%; margin-top:.6rem; }
        .form-row { display:grid; grid-template-columns:repeat(auto-fit,minmax(200px,1fr)); gap:0 1rem; }
        input[type=file] { margin-top:.3rem; }
        </style>
        """

    static let adminLanding = """
        {{> admin_style}}
        <h1>{{t.admin_title}}</h1>
        <div class="admin-links">
          <section class="card"><a href="/admin/accounts" id="link-accounts">{{t.accounts_title}}</a><p class="muted">{{t.accounts_intro}}</p></section>
          <section class="card"><a href="/admin/tokens" id="link-tokens">{{t.tokens_title}}</a><p class="muted">{{t.tokens_intro}}</p></section>
          <section class="card"><a href="/admin/regions" id="link-regions">{{t.regions_admin_title}}</a><p class="muted">{{t.regions_admin_intro}}</p></section>
          <section class="card"><a href="/admin/categories" id="link-categories">{{t.categories_title}}</a><p class="muted">{{t.categories_intro}}</p></section>
          <section class="card"><a href="/admin/calendar" id="link-calendar">{{t.calendar_title}}</a><p class="muted">{{t.calendar_intro}}</p></section>
        </div>
        {{^territory_wide}}<p class="muted">{{t.admin_partial_scope}}</p>{{/territory_wide}}
        """
}
